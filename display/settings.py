"""The `[display]` and `[display.voice]` tables of the configuration, checked. Pure.

Every key is optional. A wrong value stops the hub with `ConfigError` naming the key and its
line, like every other mistake in the file.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bianmin.config import Config, ConfigError
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

    def page(self) -> dict[str, Any]:
        """What the page needs: all but how the hub makes its clips (no file paths)."""
        out = asdict(self)
        for private in ("espeak", "espeak_voice", "rate", "pitch", "clips_dir", "cache_dir"):
            del out["voice"][private]
        return out


class _Checker:
    def __init__(self, config: Config) -> None:
        self.config = config
        try:
            self.lines = config.path.read_text(encoding="utf-8").splitlines()
        except OSError:
            self.lines = []

    def fail(self, section: str, key: str, message: str) -> ConfigError:
        header = re.compile(rf"^\s*\[\s*{re.escape(section)}\s*\]")
        leaf = re.compile(rf"^\s*{re.escape(key)}\s*=")
        line, inside = None, False
        for n, text in enumerate(self.lines, 1):
            if text.lstrip().startswith("["):
                inside = bool(header.match(text))
            elif inside and leaf.match(text):
                line = n
                break
        return ConfigError(self.config.path, f"{section}.{key}" if key else section, message, line)

    def value(self, table: dict[str, Any], section: str, key: str, default: Any) -> Any:
        if key not in table:
            return default
        value = table[key]
        kind = type(default) if default is not None else str
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(section, key, f"must be {kind.__name__}, found {type(value).__name__}")
        return value

    def number(self, table: dict[str, Any], section: str, key: str, default: Any,
               low: float, high: float) -> Any:
        value = self.value(table, section, key, default)
        if not low <= value <= high:
            raise self.fail(section, key, f"must be between {low:g} and {high:g}")
        return value


def parse(config: Config) -> DisplaySettings:
    """The display's settings from `config.display`; relative folders are taken from the
    configuration's folder, and the voice cache defaults to `voice-cache` beside the database."""
    check = _Checker(config)
    table = config.display
    if not isinstance(table, dict):
        raise check.fail("display", "", "must be a table ([display])")
    voice_t = table.get("voice", {})
    if not isinstance(voice_t, dict):
        raise check.fail("display", "voice", "must be a table ([display.voice])")
    known = {*COLOURS, *DisplaySettings.__dataclass_fields__} - {"colours"}
    for key in table:
        if key not in known:
            raise check.fail("display", key, f"unknown key; known: {', '.join(sorted(known))}")
    colours = dict(COLOURS)
    for name in COLOURS:
        value = check.value(table, "display", name, COLOURS[name]).strip()
        if not _COLOUR.fullmatch(value):
            raise check.fail("display", name,
                             f"{value!r} is not a colour; write e.g. \"#0b2545\" or \"navy\"")
        colours[name] = value

    v = "display.voice"
    defaults = VoiceSettings()
    voice_known = set(VoiceSettings.__dataclass_fields__)
    for key in voice_t:
        if key not in voice_known:
            raise check.fail(v, key, f"unknown key; known: {', '.join(sorted(voice_known))}")
    style = check.value(voice_t, v, "number_reading", defaults.number_reading)
    if style not in NUMBER_STYLES:
        raise check.fail(v, "number_reading",
                         "must be \"digits\" (A零一二) or \"natural\" (A十二)")
    clips = check.value(voice_t, v, "clips_dir", None)
    cache = check.value(voice_t, v, "cache_dir", "")
    home = config.path.parent
    voice = VoiceSettings(
        enabled=check.value(voice_t, v, "enabled", defaults.enabled),
        repeat=check.number(voice_t, v, "repeat", defaults.repeat, 1, 5),
        number_reading=style,
        chime=check.value(voice_t, v, "chime", defaults.chime),
        volume=check.number(voice_t, v, "volume", defaults.volume, 0.0, 1.0),
        gap_ms=check.number(voice_t, v, "gap_ms", defaults.gap_ms, 0, 5000),
        max_age_seconds=check.number(voice_t, v, "max_age_seconds", defaults.max_age_seconds,
                                     5, 3600),
        espeak=check.value(voice_t, v, "espeak", defaults.espeak),
        espeak_voice=check.value(voice_t, v, "espeak_voice", defaults.espeak_voice),
        rate=check.number(voice_t, v, "rate", defaults.rate, 80, 450),
        pitch=check.number(voice_t, v, "pitch", defaults.pitch, 0, 99),
        clips_dir=home / clips if clips else None,
        cache_dir=home / cache if cache else config.database.parent / "voice-cache",
    )
    d = DisplaySettings()  # the defaults
    return DisplaySettings(
        colours=colours,
        scale=check.number(table, "display", "scale", d.scale, 0.5, 2.0),
        recent_calls=check.number(table, "display", "recent_calls", d.recent_calls, 1, 20),
        highlight_seconds=check.number(table, "display", "highlight_seconds",
                                       d.highlight_seconds, 0, 120),
        notice_seconds=check.number(table, "display", "notice_seconds", d.notice_seconds,
                                    3, 600),
        show_windows=check.value(table, "display", "show_windows", d.show_windows),
        voice=voice,
    )
