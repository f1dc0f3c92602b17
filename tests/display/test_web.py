"""The display's routes on a real hub: the page, its scripts, settings and clips."""

from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest

from bianmin.client import HubError
from bianmin.config import ConfigError
from bianmin.wire.display import DisplayPage
from bianmin.wire.hall import HallPublic
from display.voice import ALL_CLIPS
from tests.display.helpers import need, voice_edit
from tests.hubfixture import DISPLAY, KIOSK, RunningHub, raw, running_hub


async def get(hub: RunningHub, path: str) -> tuple[int, str, bytes]:
    async with aiohttp.ClientSession() as s, s.get(hub.url + path) as r:
        return r.status, r.headers.get("Content-Type", ""), await r.read()


async def test_the_page_and_its_scripts_are_served_from_the_hub(display_hub: RunningHub
                                                                ) -> None:
    status, kind, body = await get(display_hub, "/display?token=demo-display")
    assert status == 200 and kind.startswith("text/html")
    html = body.decode()
    assert "/display/main.js" in html and "正在重新连接" in html
    assert "http" not in html.replace('lang="zh-CN"', "")  # nothing fetched from outside
    for name, kind_wanted in (("main.js", "text/javascript"), ("voice.js", "text/javascript"),
                              ("display.css", "text/css")):
        status, kind, body = await get(display_hub, f"/display/{name}")
        assert status == 200 and kind.startswith(kind_wanted) and body
        assert b"http://" not in body and b"https://" not in body
    for missing in ("/display/nothing.js", "/display/web.py", "/display/..%2Fweb.py"):
        assert (await get(display_hub, missing))[0] == 404


async def test_settings_need_a_token_and_carry_colours_voice_and_clips(
        display_hub: RunningHub) -> None:
    async with display_hub.client() as anonymous:
        with pytest.raises(HubError) as refused:
            await anonymous.request("GET", "/api/display/settings", DisplayPage)
    assert refused.value.status == 401 and "令牌" in refused.value.message
    async with display_hub.client(DISPLAY) as display:
        settings = await display.request("GET", "/api/display/settings", DisplayPage)
    assert settings.colours["accent"] == "#ffd23f"
    assert settings.voice.repeat == 2 and settings.voice.number_reading == "digits"
    assert set(settings.clips) == set(ALL_CLIPS)
    assert (settings.clips["chime"] or "").startswith("/api/display/clips/chime?v=")
    assert len(settings.version) == 12
    status, raw_settings = await raw(display_hub, "GET", "/api/display/settings",
                                     token=DISPLAY)
    # how the hub makes its clips (programs, folders) is not the page's business
    assert status == 200 and set(raw_settings["voice"]) == {
        "enabled", "repeat", "number_reading", "chime", "english", "volume", "gap_ms",
        "max_age_seconds"}


async def test_a_clip_is_served_as_wav(display_hub: RunningHub) -> None:
    need("espeak-ng")
    status, kind, body = await get(display_hub, "/api/display/clips/qing?token=demo-display")
    assert status == 200 and kind == "audio/wav" and body[:4] == b"RIFF"
    assert (await get(display_hub, "/api/display/clips/qing"))[0] == 401
    status, _, body = await get(display_hub, "/api/display/clips/nonsense?token=demo-display")
    assert status == 404 and "浏览器语音" in body.decode()


async def test_a_bad_display_table_stops_the_hub_with_the_key(tmp_path: Path,
                                                              clip_cache: Path) -> None:
    edit = voice_edit(clip_cache, repeat="9")
    with pytest.raises(ConfigError) as caught:
        async with running_hub(tmp_path, edit=edit):
            pass
    assert caught.value.key == "display.voice.repeat" and caught.value.line


async def test_the_last_calls_survive_a_hub_restart(display_hub: RunningHub) -> None:
    async with display_hub.client(KIOSK) as kiosk:
        for _ in range(3):
            await kiosk.issue_ticket("A", f"restart-{_}")
    clerk = await display_hub.clerk(1)
    try:
        first = await clerk.call_next(1)
        await clerk.recall(first.id)
        await clerk.start(first.id)
        await clerk.finish(first.id, "immediate")
        await clerk.call_next(1)
    finally:
        await clerk.close()
    async with display_hub.client(DISPLAY) as display:
        before = (await display.hall(HallPublic)).recent_calls
        await display_hub.restart()
        after = (await display.hall(HallPublic)).recent_calls
    assert [c.number for c in before] == ["A002", "A001", "A001"]
    assert after == before


async def test_the_display_routes_are_in_the_api_description(display_hub: RunningHub) -> None:
    status, doc = await raw(display_hub, "GET", "/api/openapi.json")
    assert status == 200 and display_hub.runner is not None
    ours = {
        r.resource.canonical for r in display_hub.runner.app.router.routes()
        if r.resource is not None and r.resource.canonical.startswith("/api/display")
    }
    assert ours == {"/api/display/settings", "/api/display/clips/{clip}"}
    assert ours <= set(doc["paths"])
