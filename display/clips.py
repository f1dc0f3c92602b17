"""The voice clips on disk: recorded by the office, or made once with espeak-ng and cached.

For each token (see `display.voice`) the hub serves, in this order: the office's own recording
`<clips_dir>/<token>.wav` (or .mp3, .ogg; for a `brisk-` token, the recording of its word when
there is no brisk one); the cached clip `<cache_dir>/<variant>/<token>.wav`; else it makes that
clip now, with espeak-ng's Mandarin voice (English for `en-` tokens, at `brisk_rate` for
`brisk-` ones; the chime is synthesised), and caches it. espeak-ng runs as an asyncio
subprocess, so the hub's event loop never waits on it. Without espeak-ng the hub says so once
in its log and the page falls back to the browser's own speech engine.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import shutil
from pathlib import Path

from display.audio import chime_wav, trim_silence
from display.settings import VoiceSettings
from display.voice import ALL_CLIPS, BRISK, CHIME, TOKEN_TEXT

log = logging.getLogger("bianmin.display")

RECORDED_TYPES = {".wav": "audio/wav", ".mp3": "audio/mpeg", ".ogg": "audio/ogg"}
ESPEAK_SECONDS = 10.0


class ClipStore:
    def __init__(self, voice: VoiceSettings) -> None:
        self.voice = voice
        variant = f"{voice.espeak_voice}-s{voice.rate}-p{voice.pitch}"
        self.folder = voice.cache_dir / variant  # other espeak settings keep their own clips
        self.folder_en = voice.cache_dir / f"{voice.espeak_voice_en}-s{voice.rate}-p{voice.pitch}"
        self.folder_brisk = voice.cache_dir / (
            f"{voice.espeak_voice}-s{voice.brisk_rate}-p{voice.pitch}")
        self.espeak = shutil.which(voice.espeak)
        self._locks: dict[str, asyncio.Lock] = {}
        self._failed: set[str] = set()
        self._warned = False

    def recorded(self, token: str) -> Path | None:
        if self.voice.clips_dir is None:
            return None
        for name in (token, token.removeprefix(BRISK)):
            for suffix in RECORDED_TYPES:
                path = self.voice.clips_dir / f"{name}{suffix}"
                if path.is_file():
                    return path
        return None

    def cached(self, token: str) -> Path:
        if token.startswith(BRISK):
            return self.folder_brisk / f"{token.removeprefix(BRISK)}.wav"
        return (self.folder_en if token.startswith("en-") else self.folder) / f"{token}.wav"

    def available(self, token: str) -> bool:
        """Whether `get` can give this clip (without making it now)."""
        if token in self._failed:
            return False
        if self.recorded(token) or self.cached(token).is_file() or token == CHIME:
            return True
        if self.espeak is None:
            self._warn_missing()
            return False
        return True

    def version(self, token: str) -> str:
        """Changes when the clip would change, so the page does not keep an old one."""
        path = self.recorded(token)
        basis = f"{path}:{path.stat().st_mtime_ns}" if path else str(self.cached(token).parent)
        return hashlib.sha1(basis.encode()).hexdigest()[:10]

    async def get(self, token: str) -> Path | None:
        """The clip's file, made first if needed; None when it cannot be had."""
        if token not in ALL_CLIPS:
            return None
        recorded = self.recorded(token)
        if recorded is not None:
            return recorded
        path = self.cached(token)
        async with self._locks.setdefault(token, asyncio.Lock()):
            if path.is_file():
                return path
            if token in self._failed:
                return None
            try:
                made = await self._make(token, path)
            except OSError as err:
                log.warning("cannot write voice clip %s: %s", path, err)
                made = False
            if not made:
                self._failed.add(token)
                return None
        return path

    async def warm(self) -> None:
        """Make every missing clip, one after another (a second or two, once per install)."""
        for token in ALL_CLIPS:
            if token.startswith("en-") and not self.voice.english:
                continue  # made when first asked for
            await self.get(token)  # a recorded or cached clip is only looked at

    async def _make(self, token: str, path: Path) -> bool:
        path.parent.mkdir(parents=True, exist_ok=True)
        if token == CHIME:
            data = await asyncio.to_thread(chime_wav)
            await asyncio.to_thread(_write_atomic, path, data)
            return True
        if self.espeak is None:
            self._warn_missing()
            return False
        raw = path.with_suffix(".espeak.wav")
        proc = await asyncio.create_subprocess_exec(
            self.espeak, "-v", self.voice.espeak_voice_en if token.startswith("en-")
            else self.voice.espeak_voice,
            "-s", str(self.voice.brisk_rate if token.startswith(BRISK) else self.voice.rate),
            "-p", str(self.voice.pitch), "-w", str(raw), TOKEN_TEXT[token],
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        made = trimming = False
        try:
            _, err = await asyncio.wait_for(proc.communicate(), ESPEAK_SECONDS)
            if proc.returncode == 0 and raw.is_file():
                trimming = True  # from here the thread owns `raw` and removes it
                await asyncio.to_thread(_trim_into, raw, path)
                made = True
            else:
                log.warning("espeak-ng could not make the clip %r: %s", token,
                            err.decode(errors="replace").strip()[-300:])
        except TimeoutError:
            log.warning("espeak-ng took too long to make the clip %r; skipped", token)
        finally:  # also when the hub stops meanwhile: no espeak-ng left running
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
            if not trimming:
                with contextlib.suppress(OSError):
                    raw.unlink()
        return made

    def _warn_missing(self) -> None:
        if not self._warned:
            self._warned = True
            log.warning("espeak-ng (%r) is not installed: the hall display will use the "
                        "browser's own speech engine. Install it with `apt install espeak-ng` "
                        "or put recorded clips in [display.voice] clips_dir.", self.voice.espeak)


def _trim_into(raw: Path, path: Path) -> None:
    try:
        _write_atomic(path, trim_silence(raw.read_bytes()))
    finally:
        raw.unlink()


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
