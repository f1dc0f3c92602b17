"""The hub's own pages: the office console at /office, the rating pad at /rate/{window}, and
for residents' phones a ticket's rating at /t/{ticket}/rate and a complaint's result at
/complaint."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from server.api import HTML, Api, Param

PAGES = Path(__file__).resolve().parents[1] / "pages"
api = Api()


@api.get("/office", "The office console (a page)", media=HTML)
async def office(request: web.Request) -> web.FileResponse:
    return web.FileResponse(PAGES / "office.html")


@api.get(r"/rate/{window:\d+}", "The rating pad facing the resident at a window (a page)",
         media=HTML, params=(Param("window", "path", {"type": "integer", "minimum": 1}),))
async def rate(request: web.Request) -> web.FileResponse:
    return web.FileResponse(PAGES / "rate.html")


@api.get("/t/{ticket}/rate", "Rate a finished ticket from the resident's phone (a page)",
         media=HTML, params=(Param("ticket", "path", {"type": "string", "maxLength": 40}),))
async def rate_from_phone(request: web.Request) -> web.FileResponse:
    return web.FileResponse(PAGES / "rate_phone.html")


@api.get("/complaint", "Look a complaint's state and result up (a page)", media=HTML,
         params=(Param("number", "query", {"type": "string"},
                       "fills the form in; the page's script looks it up"),
                 Param("code", "query", {"type": "string"}, "fills the form in")))
async def complaint(request: web.Request) -> web.FileResponse:
    return web.FileResponse(PAGES / "complaint.html")


api.table.static("/pages", PAGES, append_version=False)
