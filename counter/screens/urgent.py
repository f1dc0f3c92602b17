"""Mark urgent (急事急办、特事特办): pick a waiting ticket from the queue and say why."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from textual.widgets.option_list import Option

from counter.forms import URGENT_REASONS
from counter.queueview import CLASS_NAMES
from counter.screens.form import Send
from counter.screens.pick import PickScreen
from counter.timing import duration, parse


def waiting_option(t: dict[str, Any], now: datetime) -> Option:
    since = parse(t.get("issued_at"))
    waited = f" · 已等 {duration(now - since)}" if since else ""
    klass = CLASS_NAMES.get(t["queue_class"], t["queue_class"])
    return Option(
        f"{t['number']} {t.get('matter_name', t['matter'])} · {klass}{waited}", id=t["id"]
    )


class UrgentScreen(PickScreen):
    HEADING = "设为加急（急事急办、特事特办）"
    PICK = "等候中的号票（↑↓ 选择）："
    PICK_MISSING = "请先选择要加急的号票。"
    WRITE = "加急原因（必填）："
    PRESETS = URGENT_REASONS
    SUBMIT = ("设为加急", "error")

    def __init__(
        self, send: Send[dict[str, Any]], queue: list[dict[str, Any]], now: datetime
    ) -> None:
        super().__init__(send)
        self.queue = queue  # the waiting tickets not urgent yet
        self.now = now

    def options(self) -> list[Option]:
        return [waiting_option(t, self.now) for t in self.queue]

    def fields(self, picked: str, written: str) -> dict[str, Any]:
        return {"ticket_id": picked, "reason": written}
