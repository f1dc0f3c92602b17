"""Finish (办结): choose the outcome; the form asks for exactly what that outcome needs.

承诺件 the promised date, 补充件 the missing materials ticked from the matter's list (all at
once), 退回件 the written reason, 上报件 the higher authority. The hub checks again and its
refusal is shown here, with the form left as it was. A finish tried again after its answer
was lost is recognised from the ticket's history (`finish_sender`), so it is not refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from bianmin.client import HubClient
from counter.commands import CUT_OFF, Commands, Result
from counter.forms import DATE_HELP, RETURN_REASONS, parse_day
from counter.screens.form import FormScreen, Send, chosen, form_foot, written_with_presets

# What each outcome asks for: its field group and the field the cursor goes to first.
NEEDS = {
    "promised": ("promised", "#promised-date"),
    "supplement": ("supplement", "#materials"),
    "returned": ("returned", "#return-reason"),
    "escalated": ("escalated", "#authority"),
}


@dataclass(frozen=True, slots=True)
class Finished:
    ticket: dict[str, Any]  # the hub's answer: the ticket, done
    outcome: str
    fields: dict[str, Any]  # what the form sent with it


def finish_sender(
    commands: Commands, client: HubClient, ticket_id: str, staff_no: str
) -> Send[Finished]:
    """What the form sends: the finish, run like every command of the desk. When the hub
    refuses it (409) or its answer is cut off, an earlier try of this clerk's may have done
    it though its answer was lost: then that try's finish is the answer, and its notice is
    still due."""

    async def send(outcome: str, fields: dict[str, Any]) -> Result[Finished]:
        result = await commands.run(lambda: client.finish(ticket_id, outcome, **fields))
        if result.ok and result.value is not None:
            return Result(Finished(result.value, outcome, fields))
        if result.status == 409 or result.error == CUT_OFF:
            earlier = await finished_before(commands, client, ticket_id, staff_no)
            if earlier is not None:
                return Result(earlier)
        return Result(error=result.error, status=result.status)

    return send


async def finished_before(
    commands: Commands, client: HubClient, ticket_id: str, staff_no: str
) -> Finished | None:
    """How `staff_no` finished the ticket, as its history records it; None if it did not."""
    history = await commands.read(lambda: client.history(ticket_id))
    finish = next(
        (
            e
            for e in history.value or []
            if e["kind"] == "ticket-finished" and e["clerk"] == staff_no
        ),
        None,
    )
    if finish is None:
        return None
    ticket = await commands.read(lambda: client.ticket(ticket_id))
    if ticket.value is None:
        return None
    fields = {k: finish[k] for k in ("promised_date", "missing_materials", "reason")}
    return Finished(ticket.value, str(finish["outcome"]), fields)


class FinishScreen(FormScreen[Finished]):
    def __init__(
        self,
        send: Send[Finished],
        ticket: dict[str, Any],
        matter: dict[str, Any] | None,
        outcomes: dict[str, str],
        today: date,
    ) -> None:
        super().__init__(send)
        self.ticket = ticket
        self.matter = matter or {}
        self.outcomes = outcomes
        self.today = today

    def compose(self) -> ComposeResult:
        t = self.ticket
        with Vertical(classes="dialog", id="finish-dialog"):
            yield Static(
                f"办结 {t['number']}（{t.get('matter_name', t['matter'])}）", classes="dialog-title"
            )
            yield Label("办结类型（↑↓ 选择）：")
            yield OptionList(
                *[Option(f"{name}", id=key) for key, name in self.outcomes.items()],
                compact=True,
                id="outcome",
            )
            with Vertical(id="promised", classes="needs"):
                yield Label("承诺办结日期（必填）：")
                yield Input(
                    compact=True,
                    placeholder="如 2026-12-05、12-05 或 +5",
                    id="promised-date",
                    max_length=12,
                )
                yield Static("", id="promised-hint", classes="hint")
            with Vertical(id="supplement", classes="needs"):
                yield Label("所缺材料（空格勾选，须一次性勾全）：")
                yield SelectionList[str](
                    *[(m, m) for m in self.matter.get("materials", [])],
                    compact=True,
                    id="materials",
                )
            with Vertical(id="returned", classes="needs"):
                yield from written_with_presets(
                    "退回原因（必填，将书面告知办事群众）：",
                    RETURN_REASONS,
                    field="return-reason",
                    max_length=300,
                )
            with Vertical(id="escalated", classes="needs"):
                yield Label("报送的上级审批部门（必填）：")
                yield Input(
                    compact=True, placeholder="如 县自然资源局", id="authority", max_length=100
                )
            yield Label("备注（选填）：")
            yield Input(compact=True, id="note", max_length=300)
            yield from form_foot("办结")

    def on_mount(self) -> None:
        outcomes = self.query_one("#outcome", OptionList)
        keys = list(self.outcomes)
        usual = self.matter.get("handling")
        outcomes.highlighted = keys.index(usual) if usual in keys else 0
        outcomes.focus()
        self.show_needs()

    @property
    def outcome(self) -> str | None:
        return chosen(self.query_one("#outcome", OptionList))

    def show_needs(self) -> None:
        need = NEEDS.get(self.outcome or "", ("", ""))[0]
        for group in self.query(".needs"):
            group.display = group.id == need

    @on(OptionList.OptionHighlighted, "#outcome")
    def outcome_moved(self) -> None:
        self.show_needs()

    @on(OptionList.OptionSelected, "#outcome")
    def outcome_picked(self) -> None:
        self.show_needs()
        self.query_one(NEEDS.get(self.outcome or "", ("", "#note"))[1]).focus()

    @on(Input.Changed, "#promised-date")
    def date_typed(self, event: Input.Changed) -> None:
        day = parse_day(event.value, self.today) if event.value.strip() else None
        hint = "" if day is None else f"即 {day.isoformat()}，{(day - self.today).days} 天后"
        self.query_one("#promised-hint", Static).update(hint)

    def action_submit(self) -> None:
        outcome = self.outcome
        if outcome is None:
            self.error("请选择办结类型。")
            return
        fields: dict[str, Any] = {}
        if outcome == "promised":
            typed = self.query_one("#promised-date", Input).value
            if typed.strip():
                day = parse_day(typed, self.today)
                if day is None:
                    self.error(DATE_HELP)
                    return
                fields["promised_date"] = day.isoformat()
        elif outcome == "supplement":
            fields["missing_materials"] = list(self.query_one("#materials", SelectionList).selected)
        elif outcome == "returned":
            fields["reason"] = self.query_one("#return-reason", Input).value.strip()
        elif outcome == "escalated":
            fields["authority"] = self.query_one("#authority", Input).value.strip()
        note = self.query_one("#note", Input).value.strip()
        if note:
            fields["note"] = note
        self.submit_with(outcome=outcome, fields=fields)
