"""Every step from every state: legal steps change the ticket, illegal ones change nothing."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest

from bianmin.domain import commands as cmd
from bianmin.domain.errors import DomainError, IllegalTransition
from bianmin.domain.ticket import ALLOWED, Step
from bianmin.domain.types import Outcome, TicketState
from tests.domainkit import World


def ticket_in(state: TicketState) -> tuple[World, str]:
    """A world with one ticket of matter A in `state`, at window 1 where it has one."""
    w = World()
    t = w.issue("A")
    if state is TicketState.WAITING:
        return w, t
    w.call(1)
    if state is TicketState.CALLED:
        return w, t
    if state is TicketState.MISSED:
        for _ in range(2):
            w.do(cmd.Recall(window=1, clerk="1001", ticket=t))
        w.do(cmd.NoShow(window=1, clerk="1001", ticket=t))
        return w, t
    if state is TicketState.CANCELLED:
        w.do(cmd.Cancel(ticket=t, clerk="1001", window=1, reason="群众离开"))
        return w, t
    if state is TicketState.EXPIRED:
        w.tick(days=1)
        w.do(cmd.CloseDay())
        w.do(cmd.SignIn(window=1, clerk="1001"))  # the next morning
        return w, t
    w.receive(1, t)
    if state is TicketState.SERVING:
        return w, t
    w.finish(1, t)
    assert state is TicketState.DONE
    return w, t


STEPS: dict[Step, Callable[[World, str], cmd.Command]] = {
    Step.CALL: lambda w, t: cmd.CallNext(window=1, clerk="1001"),
    Step.RECALL: lambda w, t: cmd.Recall(window=1, clerk="1001", ticket=t),
    Step.RECEIVE: lambda w, t: cmd.Receive(window=1, clerk="1001", ticket=t),
    Step.NO_SHOW: lambda w, t: cmd.NoShow(window=1, clerk="1001", ticket=t),
    Step.TRANSFER: lambda w, t: cmd.Transfer(window=1, clerk="1001", ticket=t, to_window=3,
                                             reason="需综合窗口办理"),
    Step.FINISH: lambda w, t: cmd.Finish(window=1, clerk="1001", ticket=t,
                                         outcome=Outcome.CONSULTATION),
    Step.REQUEUE: lambda w, t: cmd.Requeue(ticket=t, clerk="1001", window=1),
    Step.CANCEL: lambda w, t: cmd.Cancel(ticket=t, clerk="9001", reason="群众表示不再办理"),
    Step.MAKE_URGENT: lambda w, t: cmd.MakeUrgent(ticket=t, clerk="1001", window=1,
                                                  reason="急事急办"),
}

CASES = [(state, step) for state in TicketState for step in STEPS]


@pytest.mark.parametrize(("state", "step"), CASES, ids=[f"{s}-{p}" for s, p in CASES])
def test_every_step_from_every_state(state: TicketState, step: Step) -> None:
    w, t = ticket_in(state)
    assert w.hall.tickets[t].state is state
    if step is Step.NO_SHOW and state is TicketState.CALLED:
        for _ in range(2):
            w.do(cmd.Recall(window=1, clerk="1001", ticket=t))
    before = copy.deepcopy(w.hall.tickets[t])
    command = STEPS[step](w, t)
    if state in ALLOWED[step]:
        events = w.do(command)
        assert events, f"{step} from {state} must cause an event"
        assert w.hall.tickets[t] != before
    else:
        with pytest.raises(DomainError) as raised:
            w.do(command)
        if step is not Step.CALL:  # call-next picks no ticket; the others name it
            assert isinstance(raised.value, IllegalTransition)
            assert "不能" in raised.value.message
        assert w.hall.tickets[t] == before


def test_recall_counts_and_no_show_needs_the_recalls() -> None:
    w, t = ticket_in(TicketState.CALLED)
    with pytest.raises(DomainError) as raised:
        w.do(cmd.NoShow(window=1, clerk="1001", ticket=t))
    assert raised.value.code == "recall-first" and "再重呼 2 次" in raised.value.message
    w.do(cmd.Recall(window=1, clerk="1001", ticket=t))
    assert w.hall.tickets[t].recalls == 1
    w.do(cmd.Recall(window=1, clerk="1001", ticket=t))
    w.do(cmd.NoShow(window=1, clerk="1001", ticket=t))
    assert w.hall.tickets[t].state is TicketState.MISSED
    assert w.hall.windows[1].current is None


def test_requeued_missed_ticket_waits_again_at_the_back_of_its_class() -> None:
    w, t = ticket_in(TicketState.MISSED)
    other = w.issue("A")
    w.tick(seconds=1)
    w.do(cmd.Requeue(ticket=t, clerk="1003", window=3))
    assert w.hall.tickets[t].state is TicketState.WAITING
    assert w.call(1) == other


def test_missed_ticket_of_an_earlier_day_cannot_be_requeued() -> None:
    w, t = ticket_in(TicketState.MISSED)
    w.tick(days=1)
    with pytest.raises(DomainError) as raised:
        w.do(cmd.Requeue(ticket=t, clerk="1001", window=1))
    assert raised.value.code == "not-today"


def test_a_clerk_cannot_act_on_a_ticket_at_another_window() -> None:
    w, t = ticket_in(TicketState.CALLED)
    with pytest.raises(DomainError) as raised:
        w.do(cmd.Receive(window=3, clerk="1003", ticket=t))
    assert raised.value.code == "other-window"
    assert w.hall.tickets[t].state is TicketState.CALLED


def test_only_the_signed_in_clerk_acts_at_a_window() -> None:
    w = World()
    w.issue("A")
    with pytest.raises(DomainError) as raised:
        w.do(cmd.CallNext(window=1, clerk="1002"))
    assert raised.value.code == "not-signed-in"


def test_window_busy_until_its_ticket_is_dealt_with() -> None:
    w = World()
    w.issue("A")
    w.issue("A")
    w.call(1)
    with pytest.raises(DomainError) as raised:
        w.call(1)
    assert raised.value.code == "window-busy"


def test_paused_window_does_not_call_and_resumes() -> None:
    w = World()
    w.issue("A")
    with pytest.raises(DomainError):
        w.do(cmd.Pause(window=1, clerk="1001", reason="  "))
    w.do(cmd.Pause(window=1, clerk="1001", reason="临时离开"))
    assert w.hall.windows[1].status.value == "paused"
    with pytest.raises(DomainError) as raised:
        w.call(1)
    assert raised.value.code == "window-paused"
    w.do(cmd.Resume(window=1, clerk="1001"))
    assert w.hall.tickets[w.call(1)].state is TicketState.CALLED


def test_urgent_needs_a_reason_and_only_once() -> None:
    w = World()
    t = w.issue("A")
    with pytest.raises(DomainError):
        w.do(cmd.MakeUrgent(ticket=t, clerk="1001", reason=" "))
    w.do(cmd.MakeUrgent(ticket=t, clerk="1001", reason="危重病人"))
    with pytest.raises(DomainError) as raised:
        w.do(cmd.MakeUrgent(ticket=t, clerk="1001", reason="危重病人"))
    assert raised.value.code == "already-urgent"


def test_sign_in_refuses_a_taken_window_unless_forced() -> None:
    w = World()
    with pytest.raises(DomainError) as raised:
        w.do(cmd.SignIn(window=1, clerk="1002"))
    assert raised.value.code == "window-taken" and "clerk1" in raised.value.message
    events = w.do(cmd.SignIn(window=1, clerk="1002", force=True))
    kinds = [e.kind for e in events]
    # 1002 leaves window 2 and takes window 1 from 1001
    assert kinds.count("clerk-signed-out") == 2 and kinds[-1] == "clerk-signed-in"
    assert w.hall.windows[1].clerk == "1002" and w.hall.windows[2].clerk is None


def test_sign_out_refused_while_a_ticket_is_open() -> None:
    w = World()
    w.issue("A")
    t = w.serve(1)
    with pytest.raises(DomainError) as raised:
        w.do(cmd.SignOut(window=1, clerk="1001"))
    assert raised.value.code == "window-busy"
    w.finish(1, t)
    w.do(cmd.SignOut(window=1, clerk="1001"))
    assert w.hall.windows[1].status.value == "closed"


def test_a_clerk_cancels_only_the_ticket_at_its_window_and_says_why() -> None:
    w = World()
    waiting = w.issue("A")
    called = w.issue("B")
    assert w.call(2) == called
    err = refusal(w, cmd.Cancel(ticket=waiting, clerk="1001", window=1, reason="不办了"))
    assert err.code == "not-at-your-window" and "转办" in err.message
    err = refusal(w, cmd.Cancel(ticket=called, clerk="1003", window=3, reason="不办了"))
    assert err.code == "not-at-your-window"
    assert refusal(w, cmd.Cancel(ticket=called, clerk="1002", window=2)).code == "reason-required"
    w.do(cmd.Cancel(ticket=called, clerk="1002", window=2, reason="群众表示改日再来"))
    w.do(cmd.Cancel(ticket=waiting, clerk="9001", reason="群众电话告知不来了"))
    assert {w.hall.tickets[t].state for t in (waiting, called)} == {TicketState.CANCELLED}


def test_a_ticket_open_at_one_window_keeps_its_clerk_from_moving() -> None:
    w = World()
    t = w.issue("A")
    w.serve(1)
    err = refusal(w, cmd.SignIn(window=3, clerk="1001", force=True))
    assert err.code == "ticket-open-elsewhere" and "A001" in err.message
    w.finish(1, t)
    w.do(cmd.SignIn(window=3, clerk="1001", force=True))
    assert w.hall.windows[3].clerk == "1001" and w.hall.windows[1].clerk is None


def refusal(w: World, command: cmd.Command) -> DomainError:
    with pytest.raises(DomainError) as raised:
        w.do(command)
    return raised.value
