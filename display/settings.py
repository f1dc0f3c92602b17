"""The `[display]` and `[display.voice]` tables of the configuration, checked. Pure.

Every key is optional. A wrong value stops the hub with `ConfigError` naming the key and its
line, like every other mistake in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bianmin.config import Config
from bianmin.config_reader import ConfigReader, folder_problem, shown
from display.voice import NUMBER_STYLES, NumberStyle

# The page's colours: CSS custom properties --<name> (see display.css).
COLOURS: dict[str, str] = {
    "background": "#0b2545",    # the whole screen
    "panel": "#13315c",         # boxes on it
    "text": "#f4f7fb",          # ordinary text
    "muted": "#9fb3c8",         # English lines and labels
    "accent": "#ffd23f",        # ticket numbers
    "highlight": "#c0392b",     # behind the call just made, for `highlight_seconds`
    "window": "#7bdff2",        # window numbers
    "paused": "#f4a259",        # a paused window
}
_COLOUR = re.compile(
    r"#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,30}|(?:rgb|rgba|hsl|hsla)\([0-9.,%\s/deg]+\)"
)


@dataclass(frozen=True, slots=True)
class VoiceSettings:
    enabled: bool = True
    repeat: int = 2
    number_reading: NumberStyle = "digits"
    chime: bool = True
    english: bool = False
    volume: float = 1.0
    gap_ms: int = 700
    max_age_seconds: int = 120
    espeak: str = "espeak-ng"
    espeak_voice: str = "cmn"
    espeak_voice_en: str = "en"
    rate: int = 175
    brisk_rate: int = 240  # the brief form said when calls wait: faster, the same voice
    pitch: int = 50
    clips_dir: Path | None = None
    cache_dir: Path = Path("voice-cache")


@dataclass(frozen=True, slots=True)
class DisplaySettings:
    colours: dict[str, str] = field(default_factory=lambda: dict(COLOURS))
    scale: float = 1.0
    recent_calls: int = 8
    highlight_seconds: int = 8
    notice_seconds: int = 12
    show_windows: bool = True
    voice: VoiceSettings = field(default_factory=VoiceSettings)


def parse(config: Config) -> DisplaySettings:
    """The display's settings from `config.display`; relative folders are taken from the
    configuration's folder, and the voice cache defaults to `voice-cache` beside the database.
    `clips_dir` must be a folder that exists; `cache_dir` one the hub may make."""
    r = config.reader()
    table = r.table({"display": config.display}, "", "display")
    voice_t = r.table(table, "display", "voice")
    r.known(table, "display", {*COLOURS, *DisplaySettings.__dataclass_fields__} - {"colours"})
    colours = dict(COLOURS)
    for name in COLOURS:
        value = r.text(table, "display", name, COLOURS[name]).strip()
        if not _COLOUR.fullmatch(value):
            raise r.fail(f"display.{name}",
                         f"{shown(value)} is not a colour; write e.g. \"#0b2545\" or \"navy\"")
        colours[name] = value

    v = "display.voice"
    defaults = VoiceSettings()
    r.known(voice_t, v, VoiceSettings.__dataclass_fields__)
    style = r.text(voice_t, v, "number_reading", defaults.number_reading)
    if style not in NUMBER_STYLES:
        raise r.fail(f"{v}.number_reading",
                     "must be \"digits\" (A零一二) or \"natural\" (A十二)")
    home = config.path.parent
    clips = _folder(r, voice_t, "clips_dir", home, create=False)
    cache = _folder(r, voice_t, "cache_dir", home, create=True)
    voice = VoiceSettings(
        enabled=r.get(voice_t, v, "enabled", bool, defaults.enabled),
        repeat=r.number(voice_t, v, "repeat", defaults.repeat, 1, 5),
        number_reading=style,
        chime=r.get(voice_t, v, "chime", bool, defaults.chime),
        english=r.get(voice_t, v, "english", bool, defaults.english),
        volume=r.number(voice_t, v, "volume", defaults.volume, 0.0, 1.0),
        gap_ms=r.number(voice_t, v, "gap_ms", defaults.gap_ms, 0, 5000),
        max_age_seconds=r.number(voice_t, v, "max_age_seconds", defaults.max_age_seconds,
                                 5, 3600),
        espeak=_program(r, voice_t, "espeak", defaults.espeak),
        espeak_voice=_program(r, voice_t, "espeak_voice", defaults.espeak_voice),
        espeak_voice_en=_program(r, voice_t, "espeak_voice_en", defaults.espeak_voice_en),
        rate=r.number(voice_t, v, "rate", defaults.rate, 80, 450),
        brisk_rate=r.number(voice_t, v, "brisk_rate", defaults.brisk_rate, 80, 450),
        pitch=r.number(voice_t, v, "pitch", defaults.pitch, 0, 99),
        clips_dir=clips,
        cache_dir=cache or _default_cache(r, config.database.parent / "voice-cache"),
    )
    d = DisplaySettings()  # the defaults
    return DisplaySettings(
        colours=colours,
        scale=r.number(table, "display", "scale", d.scale, 0.5, 2.0),
        recent_calls=r.number(table, "display", "recent_calls", d.recent_calls, 1, 20),
        highlight_seconds=r.number(table, "display", "highlight_seconds",
                                   d.highlight_seconds, 0, 120),
        notice_seconds=r.number(table, "display", "notice_seconds", d.notice_seconds, 3, 600),
        show_windows=r.get(table, "display", "show_windows", bool, d.show_windows),
        voice=voice,
    )


def _folder(r: ConfigReader, voice_t: dict[str, Any], name: str, home: Path, *, create: bool
            ) -> Path | None:
    """A folder named in `[display.voice]`, from the configuration's folder; None if unset."""
    key = f"display.voice.{name}"
    written = r.text(voice_t, "display.voice", name, "")
    if name in voice_t and not written.strip():
        raise r.fail(key, "must name a folder; leave the key out for the default")
    if not written:
        return None
    folder = home / written  # an absolute name stays as it is
    r.folder(key, folder, create=create)
    return folder


def _default_cache(r: ConfigReader, folder: Path) -> Path:
    problem = folder_problem(folder, create=True)
    if problem:
        raise r.fail("display.voice.cache_dir", f"the default cache folder cannot be used: "
                                                f"{problem}; name another one here")
    return folder


def _program(r: ConfigReader, voice_t: dict[str, Any], name: str, default: str) -> str:
    value = r.text(voice_t, "display.voice", name, default)
    if not value.strip():
        raise r.fail(f"display.voice.{name}", "must not be empty; leave the key out for "
                                              f"the default {default!r}")
    return value
