"""Asking to correct a finished ticket (更正): pick one this clerk finished today, then the
outcome and fields it should have had, and why. The office approves or refuses it in its
console; the desk hears of the decision on the live feed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static
from textual.widgets.option_list import Option

from bianmin.client import HubClient
from bianmin.wire.hall import MatterView
from bianmin.wire.requests import AskCorrection
from bianmin.wire.tickets import Correction, TicketStaff
from counter.commands import Commands
from counter.forms import CORRECTION_WHYS
from counter.screens.form import form_foot, written_with_presets
from counter.screens.outcome import OutcomeForm
from counter.screens.pick import ChooseScreen
from counter.timing import clock_time


def finished_option(t: TicketStaff, outcomes: Mapping[str, str], waiting: set[str]) -> Option:
    outcome = outcomes.get(t.outcome or "", t.outcome or "")
    text = Text(f"{t.number} {t.matter_name} · {clock_time(t.finished_at)} 办结 · {outcome}")
    if t.id in waiting:
        text.append(" · 更正审核中", style="bold yellow")
    return Option(text, id=t.id)


class PickFinishedScreen(ChooseScreen):
    """Which finished ticket to correct; closes with its id."""

    HEADING = "申请更正办结记录"
    PICK = "您今天办结的号票（↑↓ 选择，Enter 填写更正内容）："
    PICK_MISSING = "请先选择要更正的号票。"
    SUBMIT = ("下一步", "primary")

    def __init__(self, commands: Commands, client: HubClient, finished: list[TicketStaff],
                 outcomes: Mapping[str, str], waiting: set[str]) -> None:
        super().__init__(commands, client)
        self.finished, self.outcomes, self.waiting = finished, outcomes, waiting

    def options(self) -> list[Option]:
        return [finished_option(t, self.outcomes, self.waiting) for t in self.finished]


class CorrectScreen(OutcomeForm[Correction]):
    AFTER_OUTCOME = "#why"

    def __init__(self, commands: Commands, client: HubClient, ticket: TicketStaff,
                 matter: MatterView | None, outcomes: dict[str, str], today: date) -> None:
        super().__init__(matter, outcomes, today, first=ticket.outcome)
        self.commands, self.client, self.ticket = commands, client, ticket

    def compose(self) -> ComposeResult:
        t = self.ticket
        was = self.outcomes.get(t.outcome or "", t.outcome or "")
        with Vertical(classes="dialog", id="correct-dialog"):
            yield Static(f"申请更正 {t.number}（{t.matter_name}）· 原办结类型：{was}",
                         classes="dialog-title")
            yield Static("由中心办公室审核；批准前原办结记录不变，批准后原记录仍保留备查。",
                         classes="hint")
            yield from self.outcome_fields()
            yield from written_with_presets(
                "更正原因（必填，中心办公室审核时可见）：", CORRECTION_WHYS, field="why",
                max_length=300)
            yield Label("备注（选填，不打印）：")
            yield Input(compact=True, id="note", max_length=300)
            yield from form_foot("提交更正申请")

    def action_submit(self) -> None:
        finish = self.read_outcome(self.query_one("#note", Input).value.strip())
        if finish is None:
            return
        why = self.query_one("#why", Input).value.strip()
        if not why:
            self.error("请写明更正原因，或从下面选一条。")
            return
        asked = AskCorrection(why=why, **{f: getattr(finish, f)
                                          for f in finish.__struct_fields__})
        self.submit_with(lambda: self.commands.run(
            lambda: self.client.ask_correction(self.ticket.id, asked)))
