"""Pause (暂停服务) with a reason: the hall display shows the window as paused."""

from __future__ import annotations

from typing import Any

from bianmin.domain.windows import PAUSE_REASONS
from counter.screens.pick import PickScreen


class PauseScreen(PickScreen):
    HEADING = "暂停服务"
    WRITE = "暂停原因（必填）："
    WRITE_LENGTH = 100
    PRESETS = PAUSE_REASONS
    PRESET_SUBMITS = True
    SUBMIT = ("暂停", "warning")

    def fields(self, picked: str, written: str) -> dict[str, Any]:
        return {"reason": written}
