"""The hub's routes for the hall display and the window screens: the pages, their scripts,
the display's settings and voice clips, the clerks' photos.

The pages themselves (html, css, js) and the voice live in the `display` package; this module
serves them, so `display/` holds no web routes.

`GET /display?token=T` is the hall's page; it reads `GET /api/display/settings` (colours,
sizes, the voice and where each clip is) and follows `/api/ws` itself.
`GET /api/display/clips/{clip}` serves one clip, making it first if it is missing.
`GET /display/window/{n}?token=T` is the small screen above window n (窗口屏), following
`/api/ws` like the hall's; `GET /api/clerks/{staff_no}/photo` the photo it shows of the clerk
on duty, when the configuration names one.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import html
from collections.abc import AsyncIterator
from pathlib import Path

from aiohttp import web

import display
from bianmin.domain.errors import NotFound
from bianmin.wire.display import DisplayPage, VoicePage
from display.clips import RECORDED_TYPES, ClipStore
from display.settings import DisplaySettings, parse
from display.voice import ALL_CLIPS
from server.api import FINDS, HTML, Api, Param, reply
from server.auth import principal
from server.keys import CONFIG

HERE = Path(display.__file__).parent  # the page's own folder
ASSET_TYPES = {".js": "text/javascript", ".css": "text/css", ".html": "text/html"}
# The page must pick up a new version after the hub is upgraded: it asks, never caches blindly.
NO_CACHE = {"Cache-Control": "no-cache"}
# The page's files by name: only these are served from this folder, never its Python.
ASSETS = {p.name: p for p in sorted(HERE.iterdir()) if p.suffix in ASSET_TYPES}

SETTINGS = web.AppKey("display_settings", DisplaySettings)
CLIPS = web.AppKey("display_clips", ClipStore)
WARMING = web.AppKey("display_warming", list[asyncio.Task[None]])
ASSETS_VERSION = web.AppKey("display_assets_version", str)

api = Api()
CLIP = Param("clip", "path", {"type": "string", "maxLength": 40}, "a clip's name, e.g. digit-3")
WINDOW = Param("number", "path", {"type": "string", "maxLength": 8}, "the window's number")
STAFF_NO = Param("staff_no", "path", {"type": "string", "maxLength": 40}, "a staff number")
# The picture types the configuration accepts (bianmin.config_reader.PICTURE_TYPES).
PHOTO_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
               ".webp": "image/webp"}


def setup(app: web.Application) -> None:
    """Register the display on the hub's application. Raises `ConfigError` for a bad
    `[display]` table."""
    settings = parse(app[CONFIG])
    app[SETTINGS] = settings
    app[CLIPS] = ClipStore(settings.voice)
    app[WARMING] = []
    app[ASSETS_VERSION] = _assets_version()
    app.cleanup_ctx.append(_stop_warming)
    app.add_routes(api.table)


def _assets_version() -> str:
    digest = hashlib.sha1()
    for name, path in ASSETS.items():
        digest.update(name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


async def _stop_warming(app: web.Application) -> AsyncIterator[None]:
    yield
    for task in app[WARMING]:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@api.get("/display", "The hall display (a page)", media=HTML)
async def page_file(request: web.Request) -> web.FileResponse:
    return web.FileResponse(HERE / "display.html", headers=NO_CACHE)


@api.get(r"/display/window/{number}", "The screen above one window (窗口屏, a page)",
         media=HTML, errors=FINDS, error_media=HTML, params=(WINDOW,),
         description="Open it with the display's device token (`?token=`), as the hall's "
         "page; it shows the window, the clerk on duty, and the number called or served.")
async def window_page(request: web.Request) -> web.StreamResponse:
    number = request.match_info["number"]
    config = request.app[CONFIG]
    if not (number.isascii() and number.isdigit() and len(number) <= 4
            and int(number) in config.catalog.windows):
        known = "、".join(str(n) for n in sorted(config.catalog.windows))
        return web.Response(
            status=404, content_type="text/html", charset="utf-8",
            text=f"<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>没有该窗口"
                 f"</title><body style=\"font: 2rem sans-serif; padding: 2rem\">"
                 f"<p>没有 {html.escape(number[:8])} 号窗口。本中心的窗口是：{known}。</p>"
                 f"<p>请中心办公室检查窗口屏的地址。</p></body></html>")
    return web.FileResponse(HERE / "window.html", headers=NO_CACHE)


@api.get("/api/clerks/{staff_no}/photo", "A clerk's photo, for the window screen (挂牌上岗)",
         roles=("kiosk", "display", "rating", "clerk", "office"),
         media=tuple(PHOTO_TYPES.values()), errors=(401, *FINDS), params=(STAFF_NO,))
async def clerk_photo(request: web.Request) -> web.FileResponse:
    principal(request)
    staff_no = request.match_info["staff_no"]
    staff = request.app[CONFIG].staff.get(staff_no)
    if staff is None or staff.photo is None or staff.role != "clerk":
        raise NotFound("no-photo", "没有这位工作人员的照片。")
    return web.FileResponse(staff.photo, headers={
        "Content-Type": PHOTO_TYPES[staff.photo.suffix.lower()],
        "Cache-Control": "max-age=86400",  # its address changes with the photo
    })


@api.get(r"/display/{name:[a-z]+\.(?:js|css)}", "The display page's scripts and styles",
         media=("text/javascript", "text/css"), errors=FINDS, error_media="text/plain",
         params=(Param("name", "path", {"type": "string", "pattern": r"^[a-z]+\.(js|css)$"}),))
async def asset(request: web.Request) -> web.FileResponse:
    path = ASSETS.get(request.match_info["name"])
    if path is None:
        raise web.HTTPNotFound()
    return web.FileResponse(
        path, headers={**NO_CACHE, "Content-Type": ASSET_TYPES[path.suffix] + "; charset=utf-8"})


@api.get("/api/display/settings", "The display's colours, sizes, voice and clips",
         roles=("kiosk", "display", "rating", "clerk", "office"), answer=DisplayPage,
         errors=(401,))
async def settings(request: web.Request) -> web.Response:
    principal(request)
    app = request.app
    clips = app[CLIPS]
    if not app[WARMING]:  # the first display to ask has every clip made in the background
        app[WARMING].append(asyncio.create_task(clips.warm(), name="display-voice-clips"))
    return reply(page(app[SETTINGS], app[ASSETS_VERSION], {
        token: f"/api/display/clips/{token}?v={clips.version(token)}"
        if clips.available(token) else None for token in ALL_CLIPS}))


def page(settings: DisplaySettings, version: str, clips: dict[str, str | None]
         ) -> DisplayPage:
    """What the page needs of the settings: not how the hub makes its clips."""
    voice = settings.voice
    return DisplayPage(
        colours=dict(settings.colours), scale=settings.scale,
        recent_calls=settings.recent_calls, highlight_seconds=settings.highlight_seconds,
        notice_seconds=settings.notice_seconds, show_windows=settings.show_windows,
        voice=VoicePage(enabled=voice.enabled, repeat=voice.repeat,
                        number_reading=voice.number_reading, chime=voice.chime,
                        english=voice.english, volume=voice.volume, gap_ms=voice.gap_ms,
                        max_age_seconds=voice.max_age_seconds),
        version=version, clips=clips)


@api.get("/api/display/clips/{clip}", "One voice clip (made first if missing)",
         roles=("kiosk", "display", "rating", "clerk", "office"), media="audio/wav",
         errors=(401, *FINDS), params=(CLIP,))
async def clip(request: web.Request) -> web.FileResponse:
    principal(request)
    clip_name = request.match_info["clip"]
    path = await request.app[CLIPS].get(clip_name)
    if path is None:
        raise NotFound("no-clip", f"没有语音片段“{clip_name}”，显示屏将使用浏览器语音播报。")
    return web.FileResponse(path, headers={
        "Content-Type": RECORDED_TYPES.get(path.suffix, "audio/wav"),
        "Cache-Control": "max-age=86400",
    })
