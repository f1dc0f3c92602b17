"""The hub's own pages: the office console at /office and the rating pad at /rate/{window}."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

PAGES = Path(__file__).resolve().parents[1] / "pages"
routes = web.RouteTableDef()


@routes.get("/office")
async def office(request: web.Request) -> web.FileResponse:
    return web.FileResponse(PAGES / "office.html")


@routes.get(r"/rate/{window:\d+}")
async def rate(request: web.Request) -> web.FileResponse:
    return web.FileResponse(PAGES / "rate.html")


routes.static("/pages", PAGES, append_version=False)
