"""The chime and silence trimming, on real WAV data."""

from __future__ import annotations

import io
import wave
from array import array

from display.audio import RATE, _wav, chime_wav, duration, trim_silence
from tests.display.helpers import samples


def test_the_chime_is_two_notes_that_start_and_end_softly() -> None:
    data = chime_wav()
    s = samples(data)
    assert 1.0 < duration(data) < 2.0
    peak = max(abs(x) for x in s)
    assert 10_000 < peak <= 32767 * 0.5 + 1
    assert abs(s[0]) < 500 and abs(s[-1]) < 50  # no click at either end
    second_note = int(0.42 * RATE)
    before = max(abs(x) for x in s[second_note - 200:second_note])
    after = max(abs(x) for x in s[second_note + 400:second_note + 800])
    assert after > before  # the second note strikes


def test_trimming_keeps_the_sound_and_a_few_milliseconds_around_it() -> None:
    tone = array("h", [0] * RATE + [8000, -8000] * 2205 + [0] * RATE)  # 1 s, 0.2 s, 1 s
    trimmed = trim_silence(_wav(tone, RATE), keep_ms=25)
    assert abs(duration(trimmed) - (0.2 + 0.05)) < 0.002
    assert max(samples(trimmed)) == 8000


def test_trimming_leaves_silence_and_other_formats_alone() -> None:
    silent = _wav(array("h", [0] * 1000), RATE)
    assert trim_silence(silent) == silent
    assert trim_silence(b"not a wav file") == b"not a wav file"
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(b"\x00\x10" * 400)
    assert trim_silence(out.getvalue()) == out.getvalue()
