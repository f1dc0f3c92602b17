"""The hall display's settings as its page reads them (`GET /api/display/settings`)."""

from __future__ import annotations

from typing import Literal

from bianmin.wire.base import Wire


class VoicePage(Wire):
    enabled: bool
    repeat: int
    number_reading: Literal["digits", "natural"]
    chime: bool
    english: bool  # the call said once more in English after the Chinese
    volume: float
    gap_ms: int
    max_age_seconds: int


class DisplayPage(Wire):
    colours: dict[str, str]
    scale: float
    recent_calls: int
    highlight_seconds: int
    notice_seconds: int
    show_windows: bool
    voice: VoicePage
    version: str  # of the page's files: a new one makes the page reload itself
    clips: dict[str, str | None]  # where each voice clip is, or null for the browser's voice
