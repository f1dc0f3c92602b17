"""`bianmin display`: the address it opens, the kiosk flags, and what it says about the hub."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bianmin.cli import main
from display.launch import kiosk_command, page_url
from tests.hubfixture import RunningHub, free_port


def test_the_kiosk_opens_the_page_full_screen_and_may_speak() -> None:
    url = page_url("http://10.0.0.5:8600/", "tok en&x")
    assert url == "http://10.0.0.5:8600/display?token=tok+en%26x"
    command = kiosk_command("/usr/bin/chromium", url, Path("/home/tv/.local/share/x"))
    assert command[0] == "/usr/bin/chromium" and command[-1] == url
    assert "--kiosk" in command
    assert "--autoplay-policy=no-user-gesture-required" in command
    assert "--user-data-dir=/home/tv/.local/share/x" in command


async def run_cli(*args: str) -> None:
    # The command blocks on HTTP: it runs in a thread so the hub in this loop can answer.
    assert await asyncio.to_thread(main, ["display", *args, "--print"]) == 0


async def test_display_command_prints_the_address_and_checks_the_hub(
        hub: RunningHub, capsys: pytest.CaptureFixture[str]) -> None:
    await run_cli("--hub", hub.url, "--token", "demo-display")
    out = capsys.readouterr().out
    assert "accepts the display token" in out
    assert f"{hub.url}/display?token=demo-display" in out

    await run_cli("--hub", hub.url, "--token", "wrong-token")
    out = capsys.readouterr().out
    assert "refused the display token (401)" in out and "令牌" in out

    await run_cli("--hub", f"http://127.0.0.1:{free_port()}")
    out = capsys.readouterr().out
    assert "demo display token" in out and "not reachable" in out


async def test_window_screen_command_opens_that_windows_screen(
        hub: RunningHub, capsys: pytest.CaptureFixture[str]) -> None:
    url = page_url("http://10.0.0.5:8600", "t", 3)
    assert url == "http://10.0.0.5:8600/display/window/3?token=t"
    await run_cli("--hub", hub.url, "--token", "demo-display", "--window", "3")
    out = capsys.readouterr().out
    assert "accepts the display token" in out
    assert f"{hub.url}/display/window/3?token=demo-display" in out
