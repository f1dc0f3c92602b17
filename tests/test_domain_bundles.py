"""联办件 and 一件事一次办 in the pure domain: one number through every step, every outcome at
every step, the first responder throughout, and no step skipped or taken twice at once."""

from __future__ import annotations

from datetime import datetime

import pytest

from bianmin.domain import commands as cmd
from bianmin.domain import events as ev
from bianmin.domain.bundle_figures import BundleFigures
from bianmin.domain.bundles import (
    GOES_ON,
    STOPS,
    Bundle,
    BundleStatus,
    StepDone,
    check_plan,
    choices,
    materials_for,
    remaining,
)
from bianmin.domain.errors import Conflict, DomainError, InvalidCommand, NotFound
from bianmin.domain.figures import Figures
from bianmin.domain.supervision import supervised
from bianmin.domain.types import Outcome, QueueClass, TicketState
from tests.domainkit import MATTERS, World

# A: windows 1 and 3; B: windows 2, 3 and 4; C: window 5 (see tests/domainkit.py).
IN_ORDER = Bundle("in-order", "依次三事", ("A", "B", "C"), time_limit_minutes=60)
ANY_ORDER = Bundle("any-order", "先户籍后任意", ("A", "B", "C"), any_order=("B", "C"))
BUNDLES = {b.id: b for b in (IN_ORDER, ANY_ORDER)}
FIELDS: dict[Outcome, dict[str, object]] = {
    Outcome.PROMISED: {"promised_date": None},  # filled in with the day below
    Outcome.SUPPLEMENT: {},  # filled with the step's first material below
    Outcome.RETURNED: {"reason": "不符合办理条件"},
    Outcome.ESCALATED: {"authority": "县民政局", "authority_days": 20},
    Outcome.CONSULTATION: {"answer": "已一次性告知所需材料"},
}
STEP_WINDOW = {"A": 1, "B": 2, "C": 5}


def world() -> World:
    return World(bundles=BUNDLES)


def take(w: World, bundle: str) -> str:
    w.requests += 1
    w.tick(seconds=1)
    (e,) = w.do(cmd.IssueTicket(bundle=bundle, request_id=f"b-{w.requests}"))
    assert isinstance(e, ev.TicketIssued)
    return e.ticket


def finish_with(w: World, window: int, ticket: str, outcome: Outcome) -> list[ev.Event]:
    fields = dict(FIELDS.get(outcome, {}))
    if outcome is Outcome.PROMISED:
        fields["promised_date"] = w.hall.today(w.now)
    if outcome is Outcome.SUPPLEMENT:
        step = w.hall.ticket(ticket).step
        fields["missing_materials"] = (MATTERS[step].materials[0],)
    w.tick(minutes=5)
    return w.finish(window, ticket, outcome, **fields)


def test_one_number_goes_through_every_step_to_done() -> None:
    w = world()
    t = take(w, "in-order")
    first = w.hall.ticket(t)
    assert (first.number, first.queue_matter, first.plan) == ("A001", "A", ("A", "B", "C"))
    for matter in ("A", "B", "C"):
        window = STEP_WINDOW[matter]
        assert w.serve(window) == t
        assert w.hall.ticket(t).step == matter
        finish_with(w, window, t, Outcome.IMMEDIATE)
    done = w.hall.ticket(t)
    assert done.state is TicketState.DONE and done.number == "A001"
    assert [s.matter for s in done.steps_done] == ["A", "B", "C"]
    assert [s.window for s in done.steps_done] == [1, 2, 5]
    assert done.bundle_status is BundleStatus.DONE
    issued = [e for e in w.log if isinstance(e, ev.TicketIssued)]
    assert len(issued) == 1  # one number for the whole


def test_the_next_step_waits_ahead_of_new_arrivals_of_its_queue() -> None:
    w = world()
    t = take(w, "in-order")
    walk_ins = [w.issue("B") for _ in range(3)]
    w.serve(1)
    moved = finish_with(w, 1, t, Outcome.IMMEDIATE)
    assert [type(e) for e in moved] == [ev.TicketFinished, ev.BundleMovedOn]
    after = w.hall.ticket(t)
    assert after.state is TicketState.WAITING and after.queue_class is QueueClass.TRANSFERRED
    assert after.transfers == 0 and after.note == ""  # a step of the bundle, not a transfer
    assert w.hall.ahead(after) == 0
    assert w.call(2) == t
    assert w.call(3) == walk_ins[0]


@pytest.mark.parametrize("step", range(3))
@pytest.mark.parametrize("outcome", list(Outcome))
def test_every_outcome_at_every_step(step: int, outcome: Outcome) -> None:
    w = world()
    t = take(w, "in-order")
    for matter in IN_ORDER.matters[:step]:
        w.serve(STEP_WINDOW[matter])
        finish_with(w, STEP_WINDOW[matter], t, Outcome.IMMEDIATE)
    matter = IN_ORDER.matters[step]
    w.serve(STEP_WINDOW[matter])
    events = finish_with(w, STEP_WINDOW[matter], t, outcome)
    after = w.hall.ticket(t)
    left = IN_ORDER.matters[step + 1:]
    assert after.steps_done[-1].outcome is outcome and after.steps_done[-1].matter == matter
    if outcome in GOES_ON and left:
        assert isinstance(events[-1], ev.BundleMovedOn) and events[-1].to_matter == left[0]
        assert after.state is TicketState.WAITING and after.bundle_status is BundleStatus.GOING
    elif outcome in GOES_ON:
        assert after.state is TicketState.DONE and after.bundle_status is BundleStatus.DONE
    else:
        assert outcome in STOPS and len(events) == 1
        assert after.state is TicketState.DONE
        assert after.bundle_status is (BundleStatus.STOPPED if left else BundleStatus.DONE)
        assert after.outcome is outcome
    waits = t in w.hall.queues
    assert waits == (outcome in GOES_ON and bool(left))  # a stopped bundle is called nowhere


def test_the_first_responder_stays_through_every_step() -> None:
    w = world()
    t = take(w, "in-order")
    w.serve(1)
    finish_with(w, 1, t, Outcome.IMMEDIATE)
    w.serve(2)
    assert w.hall.ticket(t).owner == "1001"
    finish_with(w, 2, t, Outcome.PROMISED)
    board = supervised(w.hall.tickets.values(), "1001", w.hall.catalog, w.now)
    assert [s.ticket.id for s in board] == [t]
    assert board[0].where == "等候 民政救助"
    w.serve(5)
    finish_with(w, 5, t, Outcome.IMMEDIATE)
    done = w.hall.ticket(t)
    assert done.owner == "1001" and done.owner_window == 1
    assert done.promised_date == w.hall.today(w.now)  # step B's promise is still followed


def test_no_step_is_skipped_and_none_is_called_at_two_windows() -> None:
    w = world()
    t = take(w, "in-order")
    with pytest.raises(NotFound):
        w.call(2)  # step B is not open before A
    w.call(1)
    with pytest.raises(NotFound):
        w.call(3)  # serves A too, but the ticket is at window 1 now
    w.receive(1, t)
    with pytest.raises(DomainError):
        w.do(cmd.Receive(window=3, clerk="1003", ticket=t))


def test_any_order_steps_go_where_fewer_wait_and_all_are_taken() -> None:
    w = world()
    t = take(w, "any-order")
    for _ in range(2):
        w.issue("B")  # B's queue is longer than C's
    w.serve(1)
    (_, moved) = finish_with(w, 1, t, Outcome.IMMEDIATE)
    assert isinstance(moved, ev.BundleMovedOn) and moved.to_matter == "C"
    w.serve(5)
    (_, moved) = finish_with(w, 5, t, Outcome.IMMEDIATE)
    assert isinstance(moved, ev.BundleMovedOn) and moved.to_matter == "B"
    assert w.serve(2) == t
    finish_with(w, 2, t, Outcome.IMMEDIATE)
    assert w.hall.ticket(t).bundle_status is BundleStatus.DONE


def test_a_stopped_bundle_names_the_steps_left() -> None:
    w = world()
    t = take(w, "in-order")
    w.serve(1)
    finish_with(w, 1, t, Outcome.RETURNED)
    after = w.hall.ticket(t)
    assert remaining(after.plan, after.steps_done) == ("B", "C")


def test_a_cancelled_or_expired_bundle_ended_unfinished() -> None:
    w = world()
    t = take(w, "in-order")
    w.serve(1)
    finish_with(w, 1, t, Outcome.IMMEDIATE)
    w.do(cmd.Cancel(ticket=t, clerk="9001", reason="群众表示改日再办"))
    assert w.hall.ticket(t).bundle_status is BundleStatus.ENDED
    u = take(w, "in-order")
    w.tick(days=1)
    w.do(cmd.CloseDay())
    assert w.hall.ticket(u).state is TicketState.EXPIRED
    assert w.hall.ticket(u).bundle_status is BundleStatus.ENDED


def test_a_clerk_joins_matters_to_an_ordinary_ticket() -> None:
    w = world()
    t = w.issue("A")
    w.serve(1)
    join = cmd.JoinMatters(window=1, clerk="1001", ticket=t, matters=("C", "B"),
                           reason="办理户口迁入后须同步办理社保与救助")
    w.do(join)
    joined = w.hall.ticket(t)
    assert joined.plan == ("A", "C", "B") and joined.step == "A" and joined.bundle == ""
    finish_with(w, 1, t, Outcome.IMMEDIATE)
    assert w.serve(5) == t  # C comes before B: the order the clerk chose
    finish_with(w, 5, t, Outcome.PROMISED)
    assert w.serve(2) == t
    finish_with(w, 2, t, Outcome.IMMEDIATE)
    assert w.hall.ticket(t).bundle_status is BundleStatus.DONE
    assert w.hall.ticket(t).owner == "1001"


@pytest.mark.parametrize(("matters", "reason", "error", "code"), [
    ((), "原因", InvalidCommand, "matters-required"),
    (("B",), " ", InvalidCommand, "reason-required"),
    (("Z",), "原因", InvalidCommand, "no-such-matter"),
    (("A",), "原因", Conflict, "matter-in-plan"),
    (("B", "C", "B", "C", "B", "C", "B", "C"), "原因", None, None),  # duplicates folded
])
def test_joining_refuses_what_makes_no_sense(matters: tuple[str, ...], reason: str,
                                             error: type[DomainError] | None,
                                             code: str | None) -> None:
    w = world()
    t = w.issue("A")
    w.serve(1)
    join = cmd.JoinMatters(window=1, clerk="1001", ticket=t, matters=matters, reason=reason)
    if error is None:
        w.do(join)
        assert w.hall.ticket(t).plan == ("A", "B", "C")
        return
    with pytest.raises(error) as caught:
        w.do(join)
    assert caught.value.code == code


def test_joining_needs_the_ticket_served_at_this_window() -> None:
    w = world()
    t = w.issue("A")
    w.call(1)
    with pytest.raises(DomainError):
        w.do(cmd.JoinMatters(window=1, clerk="1001", ticket=t, matters=("B",), reason="原因"))


def test_issuing_refuses_an_unknown_bundle_or_both_kinds() -> None:
    w = world()
    with pytest.raises(InvalidCommand) as caught:
        w.do(cmd.IssueTicket(bundle="nothing", request_id="x1"))
    assert caught.value.code == "no-such-bundle"
    with pytest.raises(InvalidCommand) as caught:
        w.do(cmd.IssueTicket(bundle="in-order", matter="A", request_id="x2"))
    assert caught.value.code == "matter-and-bundle"
    with pytest.raises(InvalidCommand):
        w.do(cmd.IssueTicket(request_id="x3"))


def test_a_retried_bundle_request_is_one_ticket() -> None:
    w = world()
    first = w.do(cmd.IssueTicket(bundle="in-order", request_id="same"))
    assert first and w.do(cmd.IssueTicket(bundle="in-order", request_id="same")) == []


def test_materials_are_listed_once_for_the_whole() -> None:
    bundle = Bundle("x", "x", ("A", "B"), materials=("出生医学证明", "户口簿"))
    got = materials_for(bundle, lambda p: MATTERS[p].materials)
    assert got == ("居民身份证", "户口簿", "照片", "社会保障卡", "出生医学证明")


@pytest.mark.parametrize(("matters", "any_order", "problem"), [
    (("A",), (), "at least two"),
    (("A", "A"), (), "twice"),
    (("A", "B"), ("C",), "not among"),
    (("A", "B", "C"), ("A", "C"), "follow one another"),
    (("A", "B", "C"), ("B",), "at least two matters, or none"),
    (("A", "B", "C"), ("B", "C"), ""),
])
def test_a_plan_is_checked(matters: tuple[str, ...], any_order: tuple[str, ...],
                           problem: str) -> None:
    found = check_plan(matters, any_order)
    assert (problem in found) if problem else found == ""


def test_choices_follow_the_any_order_run() -> None:
    assert choices(("A", "B", "C", "D"), ("B", "C"), ()) == ("A",)
    at = datetime(2026, 1, 1)
    done_a = (StepDone("A", 1, "1001", Outcome.IMMEDIATE, at, at),)
    assert choices(("A", "B", "C", "D"), ("B", "C"), done_a) == ("B", "C")
    done_ac = (*done_a, StepDone("C", 5, "1005", Outcome.IMMEDIATE, at, at))
    assert choices(("A", "B", "C", "D"), ("B", "C"), done_ac) == ("B",)


def test_the_figures_count_bundles_and_each_step_under_its_matter() -> None:
    w = world()
    done = take(w, "in-order")
    stopped = take(w, "in-order")
    for matter in ("A", "B", "C"):
        window = STEP_WINDOW[matter]
        w.serve(window)
        finish_with(w, window, done, Outcome.IMMEDIATE)
    w.serve(1)
    finish_with(w, 1, stopped, Outcome.SUPPLEMENT)
    walk_in = w.issue("A")
    w.serve(1)
    w.do(cmd.JoinMatters(window=1, clerk="1001", ticket=walk_in, matters=("B",),
                         reason="需社保窗口一并办理"))
    finish_with(w, 1, walk_in, Outcome.IMMEDIATE)
    left = take(w, "any-order")
    w.do(cmd.Cancel(ticket=left, clerk="9001", reason="群众表示改日再办"))

    day = w.hall.today(w.now)
    rows = {r["bundle"]: r for r in BundleFigures(w.hall.catalog, w.hall.tz, day, day)
            .add(w.log).rows()}
    assert rows["in-order"] == rows["in-order"] | {
        "started": 2, "done": 1, "stopped": 1, "ended": 0, "steps": 4, "over_limit": 0,
        "limit_minutes": 60}
    finished_at = w.hall.ticket(done).finished_at
    assert finished_at is not None
    whole = (finished_at - w.hall.ticket(done).issued_at).total_seconds()
    assert rows["in-order"]["whole_mean"] == round(whole, 1)
    assert rows["any-order"]["ended"] == 1 and rows["any-order"]["started"] == 1
    assert rows[""]["started"] == 1 and rows[""]["done"] == 0
    assert str(rows[""]["label"]).startswith("联办件")
    figures = {(r["dimension"], r["key"]): r
               for r in Figures(w.hall.catalog, w.hall.tz, day, day).add(w.log).rows()}
    assert figures[("matter", "A")]["served"] == 3  # two bundles' first step and the walk-in
    assert figures[("matter", "B")]["served"] == 1 and figures[("matter", "C")]["served"] == 1
    assert figures[("window", "5")]["served"] == 1
    assert figures[("all", "")]["issued"] == 4


def test_a_whole_past_its_limit_is_counted() -> None:
    w = world()
    t = take(w, "in-order")
    for matter in ("A", "B", "C"):
        window = STEP_WINDOW[matter]
        w.serve(window)
        w.tick(minutes=20)
        finish_with(w, window, t, Outcome.IMMEDIATE)
    day = w.hall.today(w.now)
    (row,) = BundleFigures(w.hall.catalog, w.hall.tz, day, day).add(w.log).rows()
    assert row["done"] == 1 and row["over_limit"] == 1
