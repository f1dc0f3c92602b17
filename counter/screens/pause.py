"""Pause (暂停服务) with a reason: the hall display shows the window as paused."""

from __future__ import annotations

from collections.abc import Awaitable

from bianmin.client import HubClient
from bianmin.domain.windows import PAUSE_REASONS
from bianmin.wire.hall import WindowStaff
from counter.commands import Commands
from counter.screens.pick import PickScreen


class PauseScreen(PickScreen[WindowStaff]):
    HEADING = "暂停服务"
    WRITE = "暂停原因（必填）："
    WRITE_LENGTH = 100
    PRESETS = PAUSE_REASONS
    PRESET_SUBMITS = True
    SUBMIT = ("暂停", "warning")

    def __init__(self, commands: Commands, client: HubClient, window: int) -> None:
        super().__init__(commands, client)
        self.window = window

    def command(self, picked: str, written: str) -> Awaitable[WindowStaff]:
        return self.client.pause(self.window, written)
