"""Put a missed ticket back in line (过号重排): the resident came back the same day."""

from __future__ import annotations

from collections.abc import Awaitable

from textual.widgets.option_list import Option

from bianmin.client import HubClient
from bianmin.wire.tickets import Step, TicketStaff
from counter.commands import Commands
from counter.screens.pick import PickScreen
from counter.timing import clock_time


class RequeueScreen(PickScreen[Step]):
    HEADING = "过号重新排队"
    PICK = "本窗口今天过号的号票（↑↓ 选择，Enter 重新排队）："
    SUBMIT = ("重新排队", "primary")

    def __init__(self, commands: Commands, client: HubClient, missed: list[TicketStaff]) -> None:
        super().__init__(commands, client)
        self.missed = missed

    def options(self) -> list[Option]:
        return [
            Option(f"{t.number} {t.matter_name} · 叫号 {clock_time(t.called_at)}", id=t.id)
            for t in self.missed
        ]

    def command(self, picked: str, written: str) -> Awaitable[Step]:
        return self.client.requeue(picked)
