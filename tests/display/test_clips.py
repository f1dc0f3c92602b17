"""Voice clips made for real with espeak-ng into a temporary folder, cached, and replaced by
an office's recordings."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

import pytest

from display.audio import duration
from display.clips import ClipStore
from display.settings import VoiceSettings
from display.voice import ALL_CLIPS, CHIME, NumberStyle, announcement
from tests.display.helpers import need, samples
from tests.waiting import WAIT

STYLES: tuple[NumberStyle, ...] = ("digits", "natural")

def store(tmp_path: Path, **options: object) -> ClipStore:
    return ClipStore(VoiceSettings(cache_dir=tmp_path / "cache", **options))  # type: ignore[arg-type]


async def test_every_clip_a_call_needs_is_made_and_is_speech(tmp_path: Path) -> None:
    need("espeak-ng")
    clips = store(tmp_path, english=True)  # the English clips too
    await clips.warm()
    for token in ALL_CLIPS:
        path = clips.cached(token)
        assert path.is_file(), token
        data = path.read_bytes()
        assert 0.05 < duration(data) < 3.0, token
        assert max(abs(s) for s in samples(data)) > 3000, f"{token} is silent"
    # Trimmed: "请" alone is well under espeak's padded second.
    assert duration(clips.cached("qing").read_bytes()) < 0.8
    for number, window in (("A012", 3), ("B105", 12), ("J1000", 8)):
        for style in STYLES:
            for token in announcement(number, window, style=style):
                assert token == "pause" or (await clips.get(token)) is not None


async def test_a_clip_is_made_once_and_again_only_when_missing(tmp_path: Path) -> None:
    need("espeak-ng")
    clips = store(tmp_path)
    first = await asyncio.gather(*(clips.get("qing") for _ in range(5)))
    assert len(set(first)) == 1 and first[0] is not None
    made = first[0].stat().st_mtime_ns
    assert await clips.get("qing") == first[0] and first[0].stat().st_mtime_ns == made
    first[0].unlink()
    again = await clips.get("qing")
    assert again is not None and again.is_file()
    assert not list(clips.folder.glob("*.tmp")) and not list(clips.folder.glob("*.espeak.wav"))


async def test_other_espeak_settings_keep_their_own_clips(tmp_path: Path) -> None:
    need("espeak-ng")
    slow, fast = store(tmp_path, rate=120), store(tmp_path, rate=300)
    a, b = await slow.get("chuangkou-banli"), await fast.get("chuangkou-banli")
    assert a is not None and b is not None and a != b
    assert duration(a.read_bytes()) > duration(b.read_bytes())


async def test_an_office_recording_replaces_a_clip(tmp_path: Path) -> None:
    recorded = tmp_path / "recorded"
    recorded.mkdir()
    (recorded / "qing.mp3").write_bytes(b"ID3 an office recording")
    clips = store(tmp_path, clips_dir=recorded, espeak="no-such-espeak")
    assert await clips.get("qing") == recorded / "qing.mp3"
    assert clips.available("qing")
    before = clips.version("qing")
    (recorded / "qing.mp3").write_bytes(b"ID3 a better recording")
    assert clips.version("qing") != before  # the page fetches the new one


async def test_without_espeak_only_the_chime_is_made_and_the_hub_says_so_once(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    clips = store(tmp_path, espeak="no-such-espeak")
    with caplog.at_level(logging.WARNING, logger="bianmin.display"):
        assert await clips.get("qing") is None
        assert await clips.get("hao") is None
        assert not clips.available("dao")
        chime = await clips.get(CHIME)
    assert chime is not None and duration(chime.read_bytes()) > 1
    assert clips.available(CHIME)
    warnings = [r for r in caplog.records if "espeak-ng" in r.getMessage()]
    assert len(warnings) == 1 and "browser's own speech" in warnings[0].getMessage()


async def test_unknown_tokens_are_refused(tmp_path: Path) -> None:
    clips = store(tmp_path)
    assert await clips.get("../../etc/passwd") is None
    assert await clips.get("letter-a") is None


async def test_a_hub_stopping_while_a_clip_is_made_leaves_nothing_behind(tmp_path: Path) -> None:
    need("espeak-ng")
    clips = store(tmp_path)
    for delay in (0.0, 0.002, 0.01):
        making = asyncio.create_task(clips.get("chuangkou-banli"))
        await asyncio.sleep(delay)
        making.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await making
        # A clip being trimmed in a thread finishes by itself, however busy the machine.
        end = asyncio.get_running_loop().time() + WAIT
        while list(clips.folder.glob("*.espeak.wav")) and asyncio.get_running_loop().time() < end:
            await asyncio.sleep(0.01)
        assert not list(clips.folder.glob("*.espeak.wav"))
        assert not list(clips.folder.glob("*.tmp"))
    assert await clips.get("chuangkou-banli") is not None  # and it is made next time
