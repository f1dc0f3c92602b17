"""承诺件办结: mark a promised matter kept, with a note on how the resident was told.

The hub records it as late when the hall's day is past the promised date; a promise another
clerk marked kept meanwhile is refused in the hub's own words, here in the dialog.
"""

from __future__ import annotations

from collections.abc import Awaitable

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from bianmin.client import HubClient
from bianmin.wire.tickets import Promise, Step
from counter.commands import Commands
from counter.forms import KEPT_NOTES
from counter.promises import promise_row
from counter.screens.pick import PickScreen
from counter.widgets.promise_panel import STATUS_STYLES


def promise_option(item: Promise) -> Option:
    r = promise_row(item)
    text = Text(f"{r.number} {r.matter} · {r.received}受理 · 承诺{r.promised}办结 · ")
    text.append(r.left, style=STATUS_STYLES.get(r.status, "") if r.flagged else "")
    return Option(text, id=r.ticket)


class KeepPromiseScreen(PickScreen[Step]):
    HEADING = "承诺件办结"
    PICK = "未办结的承诺件（↑↓ 选择，到期早的在前）："
    PICK_MISSING = "请先选择已办结的承诺件。"
    WRITE = "办结说明（选填，如何告知办事群众）："
    WRITE_ID = "note"
    WRITE_LENGTH = 300
    WRITE_HINT = "写明如何告知办事群众，或从下面选一条"
    PRESETS = KEPT_NOTES
    SUBMIT = ("标记办结", "success")

    def __init__(
        self, commands: Commands, client: HubClient, promises: list[Promise], first: str | None
    ) -> None:
        super().__init__(commands, client)
        self.promises = promises
        self.first = first  # the one the clerk's cursor was on in the panel

    def options(self) -> list[Option]:
        return [promise_option(item) for item in self.promises]

    def on_mount(self) -> None:  # PickScreen's on_mount runs too, and focuses the list
        ids = [item.id for item in self.promises]
        if self.first in ids:
            self.query_one(f"#{self.PICK_ID}", OptionList).highlighted = ids.index(self.first)

    def command(self, picked: str, written: str) -> Awaitable[Step]:
        return self.client.keep_promise(picked, written)
