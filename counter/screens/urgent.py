"""Mark urgent (急事急办、特事特办): pick a waiting ticket from the queue and say why."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import datetime

from textual.widgets.option_list import Option

from bianmin.client import HubClient
from bianmin.wire.tickets import Step, TicketStaff
from counter.commands import Commands
from counter.forms import URGENT_REASONS
from counter.queueview import CLASS_NAMES
from counter.screens.pick import PickScreen
from counter.timing import duration


def waiting_option(t: TicketStaff, now: datetime) -> Option:
    waited = duration(now - t.issued_at)
    return Option(
        f"{t.number} {t.matter_name} · {CLASS_NAMES[t.queue_class]} · 已等 {waited}", id=t.id
    )


class UrgentScreen(PickScreen[Step]):
    HEADING = "设为加急（急事急办、特事特办）"
    PICK = "等候中的号票（↑↓ 选择）："
    PICK_MISSING = "请先选择要加急的号票。"
    WRITE = "加急原因（必填）："
    PRESETS = URGENT_REASONS
    SUBMIT = ("设为加急", "error")

    def __init__(
        self, commands: Commands, client: HubClient, queue: list[TicketStaff], now: datetime
    ) -> None:
        super().__init__(commands, client)
        self.queue = queue  # the waiting tickets not urgent yet
        self.now = now

    def options(self) -> list[Option]:
        return [waiting_option(t, self.now) for t in self.queue]

    def command(self, picked: str, written: str) -> Awaitable[Step]:
        return self.client.make_urgent(picked, written)
