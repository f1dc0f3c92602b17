"""WAV data for the voice: the chime, made from sine tones, and silence trimmed off clips. Pure.

espeak-ng pads every clip with silence; played one after another the tokens of a call would
then sound like separate words read from a list. Trimming each clip to its sound (keeping a
few milliseconds) lets the page join them into one sentence.
"""

from __future__ import annotations

import io
import math
import wave
from array import array

RATE = 22_050
# A two-note "ding-dong" (E5 then C5), each note with two soft overtones and a bell's decay.
CHIME_NOTES = ((659.25, 0.0), (523.25, 0.42))
CHIME_SECONDS = 1.3


def _wav(samples: array[int], rate: int) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())
    return out.getvalue()


def chime_wav(rate: int = RATE, volume: float = 0.5) -> bytes:
    """The chime before each call, as a 16-bit mono WAV."""
    total = int(CHIME_SECONDS * rate)
    mix = [0.0] * total
    for freq, start in CHIME_NOTES:
        first = int(start * rate)
        for i in range(total - first):
            t = i / rate
            attack = min(1.0, t / 0.008)  # no click at the start of a note
            envelope = attack * math.exp(-3.2 * t)
            tone = (math.sin(2 * math.pi * freq * t)
                    + 0.35 * math.sin(4 * math.pi * freq * t)
                    + 0.12 * math.sin(6 * math.pi * freq * t))
            mix[first + i] += envelope * tone
    peak = max(abs(x) for x in mix) or 1.0
    fade = int(0.05 * rate)  # end on silence, not mid-wave
    samples = array("h", (
        int(32767 * volume * x / peak * min(1.0, (total - i) / fade))
        for i, x in enumerate(mix)
    ))
    return _wav(samples, rate)


def trim_silence(data: bytes, *, threshold: float = 0.02, keep_ms: int = 25) -> bytes:
    """The clip without its leading and trailing silence; other WAV formats are left as is.

    `threshold` is the fraction of full scale below which a sample counts as silence.
    """
    try:
        with wave.open(io.BytesIO(data), "rb") as w:
            if w.getsampwidth() != 2 or w.getnchannels() != 1:
                return data
            rate = w.getframerate()
            samples = array("h", w.readframes(w.getnframes()))
    except (wave.Error, EOFError):
        return data
    limit = int(32767 * threshold)
    first = next((i for i, s in enumerate(samples) if abs(s) > limit), None)
    if first is None:
        return data  # all silence: nothing sensible to trim to
    last = next(i for i in range(len(samples) - 1, -1, -1) if abs(samples[i]) > limit)
    keep = int(rate * keep_ms / 1000)
    start, end = max(0, first - keep), min(len(samples), last + keep + 1)
    return _wav(samples[start:end], rate)


def duration(data: bytes) -> float:
    """Seconds of sound in a WAV file."""
    with wave.open(io.BytesIO(data), "rb") as w:
        return w.getnframes() / w.getframerate()
