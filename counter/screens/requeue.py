"""Put a missed ticket back in line (过号重排): the resident came back the same day."""

from __future__ import annotations

from typing import Any

from textual.widgets.option_list import Option

from counter.screens.form import Send
from counter.screens.pick import PickScreen
from counter.timing import clock_time


class RequeueScreen(PickScreen):
    HEADING = "过号重新排队"
    PICK = "本窗口今天过号的号票（↑↓ 选择，Enter 重新排队）："
    SUBMIT = ("重新排队", "primary")

    def __init__(self, send: Send[dict[str, Any]], missed: list[dict[str, Any]]) -> None:
        super().__init__(send)
        self.missed = missed

    def options(self) -> list[Option]:
        return [
            Option(
                f"{t['number']} {t.get('matter_name', t['matter'])} · "
                f"叫号 {clock_time(t.get('called_at'))}",
                id=t["id"],
            )
            for t in self.missed
        ]

    def fields(self, picked: str, written: str) -> dict[str, Any]:
        return {"ticket_id": picked}
