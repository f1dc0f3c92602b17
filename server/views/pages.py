"""The hub's own pages: the office console at /office and the rating pad at /rate/{window}."""

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


api.table.static("/pages", PAGES, append_version=False)
