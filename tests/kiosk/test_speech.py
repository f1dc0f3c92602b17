"""The kiosk says the ticket's number and how many are ahead, in Mandarin, with the real
espeak-ng (here told to write what it says to a WAV file instead of the sound card)."""

from __future__ import annotations

import argparse
import shutil
import wave
from pathlib import Path

import pytest

from kiosk.cli import add_arguments
from kiosk.serve import kiosk_command
from kiosk.speech import Speaker, spoken_number, ticket_words
from tests.browser import missing
from tests.hubfixture import RunningHub
from tests.kiosk.kioskfixture import WITHOUT_PRINTER, kiosk, ticket_screen, touch
from tests.waiting import until


def test_the_words() -> None:
    assert spoken_number("A012") == "A零一二"
    assert ticket_words("A012", 3) == "您的号码是A零一二号。您前面还有3位，请在等候区稍候。"
    assert ticket_words("B100", 0) == "您的号码是B一零零号。下一位就是您，请留意叫号。"
    # 一件事一次办: and that the same number is called to each window in turn.
    assert ticket_words("H001", 2, bundle=True) == (
        "您的号码是H零零一号。您前面还有2位，请在等候区稍候。"
        "办完一步后，请继续留意叫号，我们会依次请您到各个窗口办理。")


def seconds_of(path: Path) -> float:
    with wave.open(str(path), "rb") as sound:
        frames: int = sound.getnframes()
        rate: int = sound.getframerate()
    return frames / rate


def to_file(path: Path) -> Speaker:
    if shutil.which("espeak-ng") is None:
        missing("espeak-ng")
    return Speaker(("espeak-ng", "-v", "cmn", "-w", str(path)))


async def test_a_ticket_is_said_once(hub: RunningHub, tmp_path: Path) -> None:
    said = tmp_path / "said.wav"
    speaker = to_file(said)
    async with kiosk(hub, printer=WITHOUT_PRINTER, speaker=speaker) as (app, pilot):
        await touch(pilot, "#matter-A")
        screen = await ticket_screen(pilot)
        await until(pilot, lambda: speaker.spoken == 1, what="the number said")
        assert seconds_of(said) > 2.0  # a whole sentence, not a click
        app.ticket_shown(screen)  # as when a dialog over the page closes: not said again
        await pilot.pause()
        assert not [w for w in app.workers if w.group == "speech" and w.is_running]
        assert speaker.spoken == 1


async def test_silent_without_a_speaker(hub: RunningHub, tmp_path: Path) -> None:
    async with kiosk(hub, printer=WITHOUT_PRINTER) as (app, pilot):
        await touch(pilot, "#matter-A")
        await ticket_screen(pilot)
        assert app.speaker is None
        assert not [w for w in app.workers if w.group == "speech"]


async def test_a_missing_program_keeps_the_kiosk_silent(hub: RunningHub,
                                                        caplog: pytest.LogCaptureFixture
                                                        ) -> None:
    speaker = Speaker(("no-such-espeak-here",))
    assert "not installed" in caplog.text
    async with kiosk(hub, printer=WITHOUT_PRINTER, speaker=speaker) as (app, pilot):
        await touch(pilot, "#matter-A")
        await ticket_screen(pilot)
        await pilot.pause(0.1)
        assert speaker.spoken == 0 and app.is_running


def test_no_speech_reaches_the_served_kiosk() -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(["--hub", "http://h:1", "--token", "t", "--serve", "8700",
                              "--no-speech"])
    assert kiosk_command(args).endswith("--no-speech")
