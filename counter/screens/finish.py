"""Finish (办结): choose the outcome; the form asks for exactly what that outcome needs.

承诺件 the promised date, 补充件 the missing materials ticked from the matter's list (all at
once), 退回件 the written reason, 上报件 the higher authority. The hub checks again and its
refusal is shown here, with the form left as it was. A finish tried again after its answer
was lost is recognised from the ticket's history (`finish_sender`), so it is not refused.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from bianmin.client import HubClient
from bianmin.domain.types import Outcome
from bianmin.wire.hall import MatterView
from bianmin.wire.requests import Finish
from bianmin.wire.tickets import TicketPublic, TicketStaff
from counter.commands import CUT_OFF, Commands, Result
from counter.forms import DATE_HELP, RETURN_REASONS, parse_day
from counter.screens.form import FormScreen, chosen, form_foot, written_with_presets

# What each outcome asks for: its field group and the field the cursor goes to first.
NEEDS = {
    Outcome.PROMISED: ("promised", "#promised-date"),
    Outcome.SUPPLEMENT: ("supplement", "#materials"),
    Outcome.RETURNED: ("returned", "#return-reason"),
    Outcome.ESCALATED: ("escalated", "#authority"),
}


@dataclass(frozen=True, slots=True)
class Finished:
    ticket: TicketPublic  # the hub's answer: the ticket, done
    finish: Finish  # what the form sent


Send = Callable[[Finish], Awaitable[Result[Finished]]]


def finish_sender(commands: Commands, client: HubClient, ticket_id: str, staff_no: str) -> Send:
    """What the form sends: the finish, run like every command of the desk. When the hub
    refuses it (409) or its answer is cut off, an earlier try of this clerk's may have done
    it though its answer was lost: then that try's finish is the answer, and its notice is
    still due."""

    async def send(f: Finish) -> Result[Finished]:
        result = await commands.run(
            lambda: client.finish(
                ticket_id,
                f.outcome,
                promised_date=f.promised_date,
                missing_materials=f.missing_materials,
                reason=f.reason,
                authority=f.authority,
                note=f.note,
            )
        )
        if result.ok and result.value is not None:
            return Result(Finished(result.value, f))
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
    e = next(
        (e for e in history.value or [] if e.kind == "ticket-finished" and e.clerk == staff_no),
        None,
    )
    if e is None or e.outcome is None:
        return None
    ticket = await commands.read(lambda: client.ticket(ticket_id))
    if ticket.value is None:
        return None
    finish = Finish(
        outcome=e.outcome,
        promised_date=e.promised_date,
        missing_materials=e.missing_materials or [],
        reason=e.reason or "",
        authority=e.authority or "",
        note=e.note or "",
    )
    return Finished(ticket.value, finish)


class FinishScreen(FormScreen[Finished]):
    def __init__(
        self,
        send: Send,
        ticket: TicketStaff,
        matter: MatterView | None,
        outcomes: dict[str, str],
        today: date,
    ) -> None:
        super().__init__()
        self.send = send
        self.ticket = ticket
        self.matter = matter
        self.outcomes = outcomes
        self.today = today

    def compose(self) -> ComposeResult:
        t = self.ticket
        with Vertical(classes="dialog", id="finish-dialog"):
            yield Static(f"办结 {t.number}（{t.matter_name}）", classes="dialog-title")
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
                    *[(m, m) for m in (self.matter.materials if self.matter else [])],
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
        usual = self.matter.handling if self.matter else None
        outcomes.highlighted = keys.index(usual) if usual in keys else 0
        outcomes.focus()
        self.show_needs()

    @property
    def outcome(self) -> Outcome | None:
        key = chosen(self.query_one("#outcome", OptionList))
        return None if key is None else Outcome(key)

    def show_needs(self) -> None:
        outcome = self.outcome
        need = NEEDS[outcome][0] if outcome is not None and outcome in NEEDS else ""
        for group in self.query(".needs"):
            group.display = group.id == need

    @on(OptionList.OptionHighlighted, "#outcome")
    def outcome_moved(self) -> None:
        self.show_needs()

    @on(OptionList.OptionSelected, "#outcome")
    def outcome_picked(self) -> None:
        self.show_needs()
        outcome = self.outcome
        self.query_one(
            NEEDS[outcome][1] if outcome is not None and outcome in NEEDS else "#note"
        ).focus()

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
        finish = Finish(outcome=outcome, note=self.query_one("#note", Input).value.strip())
        if outcome is Outcome.PROMISED:
            typed = self.query_one("#promised-date", Input).value
            if typed.strip():
                day = parse_day(typed, self.today)
                if day is None:
                    self.error(DATE_HELP)
                    return
                finish.promised_date = day
        elif outcome is Outcome.SUPPLEMENT:
            finish.missing_materials = list(self.query_one("#materials", SelectionList).selected)
        elif outcome is Outcome.RETURNED:
            finish.reason = self.query_one("#return-reason", Input).value.strip()
        elif outcome is Outcome.ESCALATED:
            finish.authority = self.query_one("#authority", Input).value.strip()
        self.submit_with(lambda: self.send(finish))
