"""The `[display]` and `[display.voice]` tables of the configuration, checked. Pure.

Every key is optional. A wrong value stops the hub with `ConfigError` naming the key and its
line, like every other mistake in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bianmin.config import Config
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
    volume: float = 1.0
    gap_ms: int = 700
    max_age_seconds: int = 120
    espeak: str = "espeak-ng"
    espeak_voice: str = "cmn"
    rate: int = 175
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
    configuration's folder, and the voice cache defaults to `voice-cache` beside the database."""
    r = config.reader()
    table = config.display
    if not isinstance(table, dict):
        raise r.fail("display", "must be a table ([display])")
    voice_t = table.get("voice", {})
    if not isinstance(voice_t, dict):
        raise r.fail("display.voice", "must be a table ([display.voice])")
    r.known(table, "display", {*COLOURS, *DisplaySettings.__dataclass_fields__} - {"colours"})
    colours = dict(COLOURS)
    for name in COLOURS:
        value = r.text(table, "display", name, COLOURS[name]).strip()
        if not _COLOUR.fullmatch(value):
            raise r.fail(f"display.{name}",
                         f"{value!r} is not a colour; write e.g. \"#0b2545\" or \"navy\"")
        colours[name] = value

    v = "display.voice"
    defaults = VoiceSettings()
    r.known(voice_t, v, VoiceSettings.__dataclass_fields__)
    style = r.text(voice_t, v, "number_reading", defaults.number_reading)
    if style not in NUMBER_STYLES:
        raise r.fail(f"{v}.number_reading",
                     "must be \"digits\" (A零一二) or \"natural\" (A十二)")
    clips = r.text(voice_t, v, "clips_dir", "")
    cache = r.text(voice_t, v, "cache_dir", "")
    home = config.path.parent
    voice = VoiceSettings(
        enabled=r.get(voice_t, v, "enabled", bool, defaults.enabled),
        repeat=r.number(voice_t, v, "repeat", defaults.repeat, 1, 5),
        number_reading=style,
        chime=r.get(voice_t, v, "chime", bool, defaults.chime),
        volume=r.number(voice_t, v, "volume", defaults.volume, 0.0, 1.0),
        gap_ms=r.number(voice_t, v, "gap_ms", defaults.gap_ms, 0, 5000),
        max_age_seconds=r.number(voice_t, v, "max_age_seconds", defaults.max_age_seconds,
                                     5, 3600),
        espeak=r.text(voice_t, v, "espeak", defaults.espeak),
        espeak_voice=r.text(voice_t, v, "espeak_voice", defaults.espeak_voice),
        rate=r.number(voice_t, v, "rate", defaults.rate, 80, 450),
        pitch=r.number(voice_t, v, "pitch", defaults.pitch, 0, 99),
        clips_dir=home / clips if clips else None,
        cache_dir=home / cache if cache else config.database.parent / "voice-cache",
    )
    d = DisplaySettings()  # the defaults
    return DisplaySettings(
        colours=colours,
        scale=r.number(table, "display", "scale", d.scale, 0.5, 2.0),
        recent_calls=r.number(table, "display", "recent_calls", d.recent_calls, 1, 20),
        highlight_seconds=r.number(table, "display", "highlight_seconds",
                                       d.highlight_seconds, 0, 120),
        notice_seconds=r.number(table, "display", "notice_seconds", d.notice_seconds,
                                    3, 600),
        show_windows=r.get(table, "display", "show_windows", bool, d.show_windows),
        voice=voice,
    )
