"""The hall as one aggregate: decide what a command means, then apply the events.

`Hall.decide(command, now)` checks every rule and returns the events a command causes, changing
nothing; `Hall.apply(event)` folds an event into the hall. The hub runs decide-then-apply for
each command of a batch, so later commands see earlier ones, and commits the events together.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bianmin.domain import appointments as ap
from bianmin.domain import commands as cmd
from bianmin.domain import estimate
from bianmin.domain import events as ev
from bianmin.domain import office_events as oe
from bianmin.domain import ticket as tk
from bianmin.domain import windows as win
from bianmin.domain.bundles import GOES_ON, JOIN_LIMIT, StepDone, next_step
from bianmin.domain.catalog import Catalog, Window
from bianmin.domain.errors import (
    Conflict,
    Forbidden,
    InvalidCommand,
    NotFound,
)
from bianmin.domain.limits import serving_limit
from bianmin.domain.numbering import format_number, local_day, ticket_id
from bianmin.domain.office import OFFICE_COMMANDS, Office
from bianmin.domain.outcomes import settle
from bianmin.domain.queue import WaitingQueues, queue_key
from bianmin.domain.ticket import Step, Ticket, require
from bianmin.domain.types import Priority, TicketState
from bianmin.domain.windows import WindowState, clean_text

RECENT_CALLS = 20
DAY_ENDED = "当日工作已结束，系统自动退出"  # why a clerk left signed in overnight is signed out


@dataclass(frozen=True, slots=True)
class Call:
    ticket: str
    number: str
    window: int
    at: datetime
    recall: bool


@dataclass(frozen=True, slots=True)
class PrinterState:
    device: str
    status: str
    detail: str
    at: datetime


class Hall:
    def __init__(self, catalog: Catalog, tz: ZoneInfo) -> None:
        self.catalog = catalog
        self.tz = tz
        self.tickets: dict[str, Ticket] = {}
        self.queues = WaitingQueues()
        self.windows: dict[int, WindowState] = {n: WindowState(n) for n in catalog.windows}
        self.serials: dict[tuple[date, str], int] = {}
        self.requests: dict[str, str] = {}
        self.recent_calls: deque[Call] = deque(maxlen=RECENT_CALLS)
        self.printers: dict[str, PrinterState] = {}
        self.office = Office(catalog)
        self.service_times = estimate.ServiceTimes()  # today's, for the wait estimate

    # ----- reading -------------------------------------------------------------------------

    def ticket(self, ticket_id_: str) -> Ticket:
        found = self.tickets.get(ticket_id_)
        if found is None:
            raise NotFound("no-such-ticket", f"找不到号票 {ticket_id_}，请核对号码。")
        return found

    def ticket_for_request(self, request_id: str) -> Ticket | None:
        found = self.requests.get(request_id)
        return None if found is None else self.tickets.get(found)

    def window_rule(self, number: int) -> Window:
        found = self.catalog.window(number)
        if found is None:
            raise NotFound("no-such-window", f"没有 {number} 号窗口，请核对窗口号。")
        return found

    def ahead(self, ticket: Ticket) -> int:
        return self.queues.ahead(ticket.id) if ticket.state is TicketState.WAITING else 0

    def waiting_by_matter(self) -> dict[str, int]:
        return {p: self._waiting_in(p) for p in self.catalog.matters}

    def waiting_for_window(self, number: int) -> int:
        return self.queues.count(("window", str(number)))

    def upcoming(self, number: int, limit: int = 5) -> list[Ticket]:
        return [self.tickets[t] for t in self.queues.upcoming(self.window_rule(number), limit)]

    def today(self, now: datetime) -> date:
        return local_day(now, self.tz)

    def open_tickets(self) -> list[Ticket]:
        return [t for t in self.tickets.values() if not t.is_final]

    # ----- the wait estimate (预计等候) ----------------------------------------------------

    def waits(self, now: datetime) -> estimate.Board:
        """The wait estimate for this moment, for as many tickets and matters as are asked."""
        current = {}
        for number, w in self.windows.items():
            t = self.tickets.get(w.current) if w.current else None
            if t is not None and t.called_at is not None:
                current[number] = (t.queue_matter, t.called_at)
        return estimate.Board(estimate.HallNow(
            self.catalog, self.windows, current, self.queues.count, self.service_times,
            self.today(now), now))

    def wait_for_matter(self, prefix: str, now: datetime,
                        board: estimate.Board | None = None) -> int | None:
        """About how many minutes a ticket of `prefix` taken now would wait; None when no
        open window serves the matter."""
        line = ("matter", prefix)
        found = (board or self.waits(now)).minutes(line, self.queues.count(line) + 1,
                                                   joining=1)
        return estimate.shown(found)

    def wait_for(self, ticket: Ticket, now: datetime,
                 board: estimate.Board | None = None) -> int | None:
        """About how many minutes until a waiting ticket is called; None for a ticket not
        waiting, or when no open window calls its line."""
        if ticket.state is not TicketState.WAITING:
            return None
        found = (board or self.waits(now)).minutes(queue_key(ticket),
                                                   self.queues.ahead(ticket.id) + 1)
        return estimate.shown(found)

    # ----- deciding ------------------------------------------------------------------------

    def decide(self, command: cmd.Command, now: datetime) -> list[ev.Event]:
        """The events `command` causes now. Raises a `DomainError` and changes nothing if the
        hall's rules refuse it."""
        if isinstance(command, OFFICE_COMMANDS):
            return self.office.decide(command, self, now)
        match command:
            case cmd.IssueTicket():
                return self._issue(command, now)
            case cmd.CallNext():
                return self._call_next(command, now)
            case cmd.Recall():
                t = self._at_window(command, Step.RECALL)
                return [ev.TicketRecalled(at=now, ticket=t.id, window=command.window,
                                          clerk=command.clerk)]
            case cmd.Receive():
                t = self._at_window(command, Step.RECEIVE)
                return [ev.TicketReceived(at=now, ticket=t.id, window=command.window,
                                          clerk=command.clerk, first_responder=t.owner is None)]
            case cmd.NoShow():
                return self._no_show(command, now)
            case cmd.Transfer():
                return self._transfer(command, now)
            case cmd.Finish():
                return self._finish(command, now)
            case cmd.JoinMatters():
                return self._join(command, now)
            case cmd.Requeue():
                return self._requeue(command, now)
            case cmd.KeepPromise():
                return self._keep_promise(command, now)
            case cmd.Cancel():
                return self._cancel(command, now)
            case cmd.MakeUrgent():
                return self._make_urgent(command, now)
            case cmd.MoveTicket():
                return self._move(command, now)
            case cmd.SignIn():
                self.window_rule(command.window)
                events = win.decide_sign_in(self.windows, self.catalog, command, now,
                                            lambda tid: self.tickets[tid].number)
                held = self.windows[command.window]
                if not events and held.changed_at and self.today(held.changed_at) < self.today(
                        now):  # signing in again on a new day is recorded: see _close_day
                    events = [ev.ClerkSignedIn(at=now, window=command.window,
                                               clerk=command.clerk)]
                return events
            case cmd.SignOut():
                self.window_rule(command.window)
                current = self.windows[command.window].current
                busy = self.tickets[current].number if current is not None else None
                return win.decide_sign_out(self.windows, command, now, busy)
            case cmd.Pause():
                self.window_rule(command.window)
                return win.decide_pause(self.windows, command, now)
            case cmd.Resume():
                self.window_rule(command.window)
                return win.decide_resume(self.windows, command, now)
            case cmd.CloseDay():
                return self._close_day(now)
            case cmd.CheckStalls():
                return self._check_stalls(now)
            case cmd.ReportPrinter():
                return self._report_printer(command, now)
        raise InvalidCommand("unknown-command", "无法识别的操作。")

    def _issue(self, c: cmd.IssueTicket, now: datetime) -> list[ev.Event]:
        if c.request_id in self.requests:
            return []  # a retry: the ticket already issued answers it
        plan: tuple[str, ...] = ()
        any_order: tuple[str, ...] = ()
        prefix = c.matter
        if c.bundle:
            bundle = self.catalog.bundle(c.bundle)
            if bundle is None:
                raise InvalidCommand("no-such-bundle",
                                     f"没有代号为“{c.bundle}”的一件事，请重新选择。")
            if c.matter:
                raise InvalidCommand("matter-and-bundle",
                                     "请只选择一个事项或一件事，二者选一。")
            plan, any_order = bundle.matters, bundle.any_order
            prefix = next_step(plan, any_order, (), self._waiting_in) or plan[0]
        matter = self.catalog.matter(prefix)
        if matter is None:
            raise InvalidCommand("no-such-matter", f"没有代号为“{c.matter}”的事项，请重新选择。")
        day = self.today(now)
        serial = self.serials.get((day, matter.prefix), 0) + 1
        return [
            ev.TicketIssued(
                at=now,
                ticket=ticket_id(day, matter.prefix, serial),
                number=format_number(matter.prefix, serial),
                matter=matter.prefix,
                day=day,
                serial=serial,
                priority=c.priority,
                request_id=c.request_id,
                device=c.device,
                appointment=c.appointment,
                bundle=c.bundle,
                plan=plan,
                any_order=any_order,
            )
        ]

    def _waiting_in(self, prefix: str) -> int:
        return self.queues.count(("matter", prefix))

    def _signed_in(self, c: cmd.WindowCommand) -> WindowState:
        self.window_rule(c.window)
        return win.signed_in(self.windows, c)

    def _call_next(self, c: cmd.CallNext, now: datetime) -> list[ev.Event]:
        state = self._signed_in(c)
        if state.paused:
            raise Conflict("window-paused", f"{c.window}号窗口已暂停服务，请先恢复服务再叫号。")
        if state.current is not None:
            busy = self.tickets[state.current]
            raise Conflict(
                "window-busy",
                f"当前号票 {busy.number} 尚未处理完，请先办结、转办或按过号处理后再叫下一位。",
            )
        nxt = self.queues.next_for(self.window_rule(c.window))
        if nxt is None:
            raise NotFound("queue-empty", "目前没有等候的办事群众，请稍候再叫号。")
        return [ev.TicketCalled(at=now, ticket=nxt, window=c.window, clerk=c.clerk)]

    def _at_window(self, c: cmd.TicketCommand, step: Step) -> Ticket:
        self._signed_in(c)
        t = self.ticket(c.ticket)
        if t.state in (TicketState.CALLED, TicketState.SERVING) and t.window != c.window:
            raise Conflict(
                "other-window",
                f"号票 {t.number} 正在{t.window}号窗口办理，不在本窗口，不能操作。",
            )
        require(t, step)
        return t

    def _no_show(self, c: cmd.NoShow, now: datetime) -> list[ev.Event]:
        t = self._at_window(c, Step.NO_SHOW)
        need = self.catalog.rules.recalls_before_no_show
        if t.recalls < need:
            raise Conflict(
                "recall-first",
                f"号票 {t.number} 已重呼 {t.recalls} 次，请再重呼 {need - t.recalls} 次，"
                "仍未到再按过号处理。",
            )
        return [ev.TicketMissed(at=now, ticket=t.id, window=c.window, clerk=c.clerk)]

    def _transfer(self, c: cmd.Transfer, now: datetime) -> list[ev.Event]:
        t = self._at_window(c, Step.TRANSFER)
        if t.device == ap.HOME_VISIT_DEVICE:
            raise Conflict("home-visit", f"{t.number} 是上门服务，不排队，不能转办；请办结，"
                           "需其他部门办理的请在办结时写明（如上报件）。")
        reason = clean_text(c.reason)
        if not reason:
            raise InvalidCommand("reason-required", "转办必须写明原因，请填写后再提交。")
        if (c.to_window is None) == (c.to_matter is None):
            raise InvalidCommand(
                "target-required", "请选择转办去向：一个窗口，或一个事项，二者选一。"
            )
        if c.to_window is not None:
            self.window_rule(c.to_window)
            if c.to_window == c.window:
                raise InvalidCommand("same-window", "不能转办给本窗口，请选择其他窗口或事项。")
        if c.to_matter is not None:
            if self.catalog.matter(c.to_matter) is None:
                raise InvalidCommand("no-such-matter", f"没有代号为“{c.to_matter}”的事项。")
            if not self.catalog.windows_serving(c.to_matter):
                raise Conflict("no-window-for-matter", "没有窗口办理该事项，请转给具体窗口。")
        return [
            ev.TicketTransferred(
                at=now,
                ticket=t.id,
                window=c.window,
                clerk=c.clerk,
                to_window=c.to_window,
                to_matter=c.to_matter,
                reason=reason,
            )
        ]

    def _finish(self, c: cmd.Finish, now: datetime) -> list[ev.Event]:
        t = self._at_window(c, Step.FINISH)
        served = self.catalog.matter(t.queue_matter)  # None once taken out of the configuration
        settled = settle(c, served, self.today(now))
        assert t.received_at is not None
        limit = None if served is None else serving_limit(served, self.catalog.rules)
        overdue = limit is not None and limit.finished_overdue(c.outcome, t.received_at, now)
        finished: list[ev.Event] = [ev.TicketFinished(
            at=now, ticket=t.id, window=c.window, clerk=c.clerk, outcome=settled.outcome,
            promised_date=settled.promised_date, missing_materials=settled.missing_materials,
            reason=settled.reason, authority=settled.authority,
            authority_days=settled.authority_days, answer=settled.answer, note=settled.note,
            overdue=overdue)]
        visit = self.office.appointments.get(t.appointment) if t.appointment else None
        if visit is not None and visit.home_visit and visit.state == ap.STARTED:
            finished.append(oe.HomeVisitCompleted(at=now, code=visit.code, by=c.clerk,
                                                  note=settled.note))
        if t.plan and settled.outcome in GOES_ON:
            step = StepDone(t.step, c.window, c.clerk, settled.outcome, t.received_at, now)
            nxt = next_step(t.plan, t.any_order, (*t.steps_done, step), self._waiting_in)
            if nxt is not None:
                finished.append(ev.BundleMovedOn(at=now, ticket=t.id, window=c.window,
                                                 clerk=c.clerk, to_matter=nxt))
        return finished

    def _join(self, c: cmd.JoinMatters, now: datetime) -> list[ev.Event]:
        """联办: the clerk serving a ticket adds the matters other departments must handle;
        the ticket goes to them in turn as each step ends, and this clerk stays its first
        responder."""
        t = self._at_window(c, Step.FINISH)
        reason = clean_text(c.reason)
        if not reason:
            raise InvalidCommand("reason-required", "联办须写明原因，请填写后再提交。")
        wanted = tuple(dict.fromkeys(c.matters))
        if not wanted:
            raise InvalidCommand("matters-required", "请选择需要联办的事项。")
        have = t.plan or (t.queue_matter,)
        if len(have) + len(wanted) > JOIN_LIMIT:
            raise InvalidCommand("too-many-matters",
                                 f"一张号票最多联办 {JOIN_LIMIT} 个事项，请分次办理。")
        for prefix in wanted:
            matter = self.catalog.matter(prefix)
            if matter is None:
                raise InvalidCommand("no-such-matter", f"没有代号为“{prefix}”的事项。")
            if prefix in have:
                raise Conflict("matter-in-plan", f"“{matter.name}”已在本号票的办理事项中。")
            if not self.catalog.windows_serving(prefix):
                raise Conflict("no-window-for-matter",
                               f"没有窗口办理“{matter.name}”，不能联办。")
        return [ev.MattersJoined(at=now, ticket=t.id, window=c.window, clerk=c.clerk,
                                 matters=wanted, reason=reason)]

    def _requeue(self, c: cmd.Requeue, now: datetime) -> list[ev.Event]:
        t = self.ticket(c.ticket)
        require(t, Step.REQUEUE)
        if t.day != self.today(now):
            raise Conflict("not-today", f"号票 {t.number} 不是今天的号，不能重新排队。")
        return [ev.TicketRequeued(at=now, ticket=t.id, window=c.window, clerk=c.clerk)]

    def _keep_promise(self, c: cmd.KeepPromise, now: datetime) -> list[ev.Event]:
        t = self.ticket(c.ticket)
        if t.promised_date is None:
            raise Conflict("not-promised", f"号票 {t.number} 不是承诺件。")
        if t.promise_kept_at is not None:
            raise Conflict("promise-kept", f"号票 {t.number} 的承诺件已于"
                           f"{t.promise_kept_at:%m月%d日}办结。")
        late = self.today(now) > t.promised_date
        return [ev.PromiseKept(at=now, ticket=t.id, clerk=c.clerk, note=clean_text(c.note),
                               late=late)]

    def open_promises(self) -> list[Ticket]:
        """Promised matters (承诺件) not yet completed, soonest due first."""
        found = [t for t in self.tickets.values() if t.promise_open]
        return sorted(found, key=lambda t: (t.promised_date, t.id))

    def _cancel(self, c: cmd.Cancel, now: datetime) -> list[ev.Event]:
        """不得推诿: a clerk cancels only the ticket called (or missed) at its own window, when
        the resident has said they are leaving, with the reason written; a waiting ticket is
        cancelled only by the office."""
        t = self.ticket(c.ticket)
        require(t, Step.CANCEL)
        reason = clean_text(c.reason)
        if not reason:
            raise InvalidCommand("reason-required", "取消号票须写明原因，例如“群众表示不再办理”。")
        if c.window is not None and (t.state is TicketState.WAITING or t.window != c.window):
            raise Forbidden(
                "not-at-your-window",
                f"号票 {t.number} 不在本窗口，不能取消。不能办理的请转办，未到的请按过号处理。",
            )
        return [ev.TicketCancelled(at=now, ticket=t.id, window=c.window, clerk=c.clerk,
                                   reason=reason)]

    def _make_urgent(self, c: cmd.MakeUrgent, now: datetime) -> list[ev.Event]:
        t = self.ticket(c.ticket)
        require(t, Step.MAKE_URGENT)
        reason = clean_text(c.reason)
        if not reason:
            raise InvalidCommand("reason-required", "设为加急须写明原因（急事急办、特事特办）。")
        if t.priority is Priority.URGENT:
            raise Conflict("already-urgent", f"号票 {t.number} 已是加急。")
        return [
            ev.TicketMadeUrgent(at=now, ticket=t.id, window=c.window, clerk=c.clerk, reason=reason)
        ]

    def _move(self, c: cmd.MoveTicket, now: datetime) -> list[ev.Event]:
        """导服台: a resident waiting under the wrong matter joins the right one's line where
        they would have stood had they taken the right ticket; nobody calls or receives them
        for it, so nobody becomes their first responder."""
        t = self.ticket(c.ticket)
        require(t, Step.MOVE)
        to = c.to_matter.strip().upper()
        matter = self.catalog.matter(to)
        if matter is None:
            raise InvalidCommand("no-such-matter", f"没有代号为“{c.to_matter}”的事项。")
        if to == t.queue_matter and t.target_window is None:
            raise InvalidCommand("same-matter", f"号票 {t.number} 已在“{matter.name}”的队列中。")
        if not self.catalog.windows_serving(to):
            raise Conflict("no-window-for-matter", f"没有窗口办理“{matter.name}”，不能改排。")
        reason = clean_text(c.reason)
        if not reason:
            raise InvalidCommand("reason-required", "改排须写明原因，例如“取号时选错事项”。")
        return [ev.TicketMoved(at=now, ticket=t.id, by=c.clerk, from_matter=t.queue_matter,
                               to_matter=to, reason=reason)]

    def remember(self, t: Ticket) -> None:
        """Take back a finished ticket of an earlier day the hall has let go of (to correct
        it); the next `forget_before` lets it go again unless something keeps it."""
        if t.id not in self.tickets:
            self._put(t)

    def _close_day(self, now: datetime) -> list[ev.Event]:
        """Expire what an earlier day left waiting, called or missed; sign out clerks still
        signed in from an earlier day (their sessions ended with it, and the display must
        not show them on duty), except at a window still serving a ticket, which its clerk
        signs in again to finish."""
        today = self.today(now)
        expired: list[ev.Event] = [
            ev.TicketExpired(at=now, ticket=t.id)
            for t in self.tickets.values()
            if t.day < today and t.state in tk.ALLOWED[Step.EXPIRE]
        ]
        freed = {e.ticket_id for e in expired}
        signed_out: list[ev.Event] = [
            ev.ClerkSignedOut(at=now, window=w.number, clerk=w.clerk, reason=DAY_ENDED)
            for w in self.windows.values()
            if w.clerk is not None and (w.current is None or w.current in freed)
            and (w.changed_at is None or self.today(w.changed_at) < today)
        ]
        return expired + signed_out

    def _check_stalls(self, now: datetime) -> list[ev.Event]:
        limit = timedelta(minutes=self.catalog.rules.stall_minutes)
        out: list[ev.Event] = []
        for tid in self.queues.ids():
            t = self.tickets[tid]
            if t.transferred and t.owner and not t.stalled and now - t.enqueued_at >= limit:
                minutes = int((now - t.enqueued_at).total_seconds() // 60)
                out.append(ev.TicketStalled(at=now, ticket=t.id, owner=t.owner, minutes=minutes))
        return out

    def _report_printer(self, c: cmd.ReportPrinter, now: datetime) -> list[ev.Event]:
        known = self.printers.get(c.device)
        if known is not None and (known.status, known.detail) == (c.status, c.detail):
            return []
        if known is None and c.status == "ok":
            return []
        return [ev.PrinterStatusReported(at=now, device=c.device, status=c.status,
                                         detail=clean_text(c.detail, 200))]

    # ----- applying ------------------------------------------------------------------------

    def apply(self, event: ev.Event) -> None:
        self.office.apply(event, self)
        if isinstance(event, ev.TicketIssued):
            self._put(tk.issued(event))
            self.serials[(event.day, event.matter)] = max(
                self.serials.get((event.day, event.matter), 0), event.serial
            )
            self.requests[event.request_id] = event.ticket
            return
        tid = event.ticket_id
        if tid is not None and tid in self.tickets:
            before = self.tickets[tid]
            after = tk.apply(before, event)
            self._put(after)
            self._track_window(before, after)
            self._time_service(before, after, event.at)
            if isinstance(event, ev.TicketCalled | ev.TicketRecalled):
                self.recent_calls.appendleft(
                    Call(tid, after.number, event.window, event.at,
                         isinstance(event, ev.TicketRecalled))
                )
            return
        match event:
            case ev.ClerkSignedIn(window=n) | ev.ClerkSignedOut(window=n) | ev.WindowPaused(
                    window=n) | ev.WindowResumed(window=n):
                self.windows[n] = win.apply(self.windows[n], event)
            case ev.PrinterStatusReported(device=device, status=status, detail=detail):
                self.printers[device] = PrinterState(device, status, detail, event.at)

    def _put(self, t: Ticket) -> None:
        self.tickets[t.id] = t
        if t.state is TicketState.WAITING:
            self.queues.add(t)
        else:
            self.queues.discard(t.id)

    def _track_window(self, before: Ticket, after: Ticket) -> None:
        active = (TicketState.CALLED, TicketState.SERVING)
        if before.window is not None and before.state in active and (
            after.state not in active or after.window != before.window
        ):
            w = self.windows.get(before.window)
            if w is not None and w.current == before.id:
                self.windows[before.window] = replace(w, current=None)
        if after.window is not None and after.state in active:
            w = self.windows.get(after.window)
            if w is not None:
                self.windows[after.window] = replace(w, current=after.id)

    def _time_service(self, before: Ticket, after: Ticket, at: datetime) -> None:
        """A ticket's time at a window, once it leaves it: finished, transferred, no-show or
        cancelled there. What the wait estimate learns from."""
        active = (TicketState.CALLED, TicketState.SERVING)
        if before.state not in active or before.window is None or before.called_at is None:
            return
        if after.state in active and after.window == before.window:
            return
        minutes = (at - before.called_at).total_seconds() / 60
        self.service_times.record(self.today(at), before.window, before.queue_matter, minutes)

    def restore(self, tickets: list[Ticket], windows: list[WindowState]) -> None:
        """Load the hall from the store's projection after a restart."""
        for t in sorted(tickets, key=lambda t: t.changed_at):
            ended = t.finished_at if t.state is TicketState.DONE else (
                t.changed_at if t.state is TicketState.MISSED else None)
            if ended is not None and t.called_at is not None and t.window is not None:
                self.service_times.record(self.today(ended), t.window, t.queue_matter,
                                          (ended - t.called_at).total_seconds() / 60)
        for t in tickets:
            self._put(t)
            key = (t.day, t.matter)
            self.serials[key] = max(self.serials.get(key, 0), t.serial)
            self.requests[t.request_id] = t.id
        for w in windows:
            if w.number in self.windows:
                self.windows[w.number] = w
        for t in tickets:
            if t.window is not None and t.state in (TicketState.CALLED, TicketState.SERVING):
                at = self.windows.get(t.window)
                if at is not None:
                    self.windows[t.window] = replace(at, current=t.id)

    def restore_calls(self, calls: list[ev.Event]) -> None:
        """Put back the last calls (newest first) after a restart, so displays keep them."""
        for e in calls:
            t = self.tickets.get(e.ticket_id or "")
            if isinstance(e, ev.TicketCalled | ev.TicketRecalled) and t is not None:
                self.recent_calls.append(
                    Call(t.id, t.number, e.window, e.at, isinstance(e, ev.TicketRecalled)))

    def forget_before(self, day: date) -> None:
        """Drop finished tickets of earlier days from memory; the store keeps them."""
        # Promised matters stay until kept (the office follows them up), and tickets with a
        # correction waiting until it is decided.
        for tid in [t.id for t in self.tickets.values()
                    if t.day < day and not t.keep_open]:
            t = self.tickets.pop(tid)
            self.requests.pop(t.request_id, None)
        for key in [k for k in self.serials if k[0] < day]:
            del self.serials[key]
