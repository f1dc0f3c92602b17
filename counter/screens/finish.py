"""Finish (办结): choose the outcome; the form asks for exactly what that outcome needs
(`counter.screens.outcome`). The hub checks again and its refusal is shown here, with the form
left as it was. A finish tried again after its answer was lost is recognised from the ticket's
history (`finish_sender`), so it is not refused."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from bianmin.client import HubClient
from bianmin.wire.hall import MatterView
from bianmin.wire.requests import Finish
from bianmin.wire.tickets import TicketPublic, TicketStaff
from counter.commands import CUT_OFF, Commands, Result
from counter.screens.form import form_foot
from counter.screens.outcome import OutcomeForm


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
                authority_days=f.authority_days,
                answer=f.answer,
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
        authority_days=e.authority_days or 0,
        answer=e.answer or "",
        note=e.note or "",
    )
    return Finished(ticket.value, finish)


class FinishScreen(OutcomeForm[Finished]):
    def __init__(
        self,
        send: Send,
        ticket: TicketStaff,
        matter: MatterView | None,
        outcomes: dict[str, str],
        today: date,
    ) -> None:
        super().__init__(matter, outcomes, today)
        self.send = send
        self.ticket = ticket

    def compose(self) -> ComposeResult:
        t = self.ticket
        with Vertical(classes="dialog", id="finish-dialog"):
            yield Static(f"办结 {t.number}（{t.matter_name}）", classes="dialog-title")
            yield from self.outcome_fields()
            yield Label("备注（选填，不打印）：")
            yield Input(compact=True, id="note", max_length=300)
            yield from form_foot("办结")

    def action_submit(self) -> None:
        finish = self.read_outcome(self.query_one("#note", Input).value.strip())
        if finish is not None:
            self.submit_with(lambda: self.send(finish))
