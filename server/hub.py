"""The hub's heart: one writer that decides, commits, acknowledges, then broadcasts.

Commands queue up; the writer takes all that are waiting as one batch, decides each against the
hall in order (so two windows calling at once get different tickets), commits the batch's events
in one transaction, and only then answers each command and sends the events to live clients.
A batch is all or nothing in memory as on disk: if the commit fails, nothing is answered as done,
the hall is reloaded from the store, and every command of the batch gets a retryable error; a
command that fails before the commit is refused alone (see `_write_settled`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

from bianmin.config import Config
from bianmin.domain import commands as cmd
from bianmin.domain import events as ev
from bianmin.domain.errors import DomainError
from bianmin.domain.estimate import Board
from bianmin.domain.hall import RECENT_CALLS, Hall
from bianmin.domain.office_commands import CheckDeadlines
from bianmin.domain.ticket import Ticket
from bianmin.wire.base import encode
from server.live import Live, Message, text_frame
from server.present.events import frames
from server.present.follow import ticket_now
from server.present.hall import queues
from server.reports import Reports
from server.sessions import Sessions
from server.store import Statement, Store, StoredEvent

log = logging.getLogger("bianmin.hub")

Clock = Callable[[], datetime]
Decision = tuple[list[ev.Event], list[Statement]]
Action = Callable[[Hall, datetime], Decision]
BATCH_LIMIT = 512
TICK_SECONDS = 15.0
QUEUES_SECONDS = 1.0  # `queues` goes to live clients at most this often


class StoreUnavailable(DomainError):
    """The disk refused a write: nothing was done and the caller may retry."""


def retry_later() -> StoreUnavailable:
    return StoreUnavailable("internal", "系统处理出错，本次操作未生效，请稍后重试。")


@dataclass(slots=True)
class _Job:
    action: Action
    future: asyncio.Future[list[StoredEvent]]


def _retrieved(future: asyncio.Future[list[StoredEvent]]) -> None:
    """Nobody awaits the day's closing; its failure is logged by the writer and retried."""
    if not future.cancelled():
        future.exception()


class Hub:
    def __init__(self, config: Config, store: Store, clock: Clock) -> None:
        self.config = config
        self.store = store
        self.clock = clock
        self.hall = Hall(config.catalog, config.tz)
        self.seq = 0
        self.live = Live()
        self._settled = asyncio.Event()
        self._settled.set()
        self._day: date | None = None  # the local day of the last batch: see _write
        self._stale = False  # the hall may hold what the store does not: see _rebuild
        self.reports: Reports
        self.sessions = Sessions(config, [])
        self._jobs: asyncio.Queue[_Job] = asyncio.Queue()
        self._tasks: list[asyncio.Task[None]] = []
        # Told the last sequence number after each commit (the county link wakes on it); a
        # listener must return at once and never raise.
        self.on_commit: list[Callable[[int], None]] = []
        self._queues_due = False  # the queues changed since they were last sent
        self._queues_timer: asyncio.TimerHandle | None = None
        self._queues_sent = 0.0  # the loop's time when they were last sent

    @classmethod
    async def start(cls, config: Config, clock: Clock, *, tick: float = TICK_SECONDS) -> Hub:
        store = await Store.open(config.database)
        hub = cls(config, store, clock)
        try:
            await hub._load()
            hub.reports = await Reports.open(config.database)
        except BaseException:
            await store.close()
            raise
        hub._tasks.append(asyncio.create_task(hub._write_loop(), name="hub-writer"))
        hub._tasks.append(asyncio.create_task(hub._tick_loop(tick), name="hub-ticker"))
        await hub.tick()  # its first batch closes any day that ended while the hub was down
        return hub

    async def _load(self) -> None:
        self.hall = await self._load_hall()
        self.seq = await self.store.last_seq()
        self.sessions.restore(await self.store.sessions())

    async def _load_hall(self) -> Hall:
        """Today's hall from the store's committed state."""
        hall = Hall(self.config.catalog, self.config.tz)
        today = hall.today(self.clock())
        tickets, windows = await self.store.load(today)
        hall.restore(tickets, windows)
        hall.office.restore(await self.store.records(today))
        midnight = datetime.combine(today, time(0), self.config.tz).isoformat()
        hall.restore_calls(await self.store.last_calls(midnight, RECENT_CALLS))
        for report in await self.store.printer_reports():  # a printer in fault stays in fault
            hall.apply(report)
        return hall

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        if self._queues_timer is not None:
            self._queues_timer.cancel()
        await self.live.close_all()
        await self.reports.close()
        await self.store.close()

    async def find_ticket(self, ticket_id: str) -> Ticket | None:
        """A ticket in the hall, or one the hall has let go of (an earlier day's), from the
        store."""
        return self.hall.tickets.get(ticket_id) or await self.store.ticket(ticket_id)

    # ----- commands --------------------------------------------------------------------------

    async def execute(self, command: cmd.Command,
                      statements: list[Statement] | None = None) -> list[StoredEvent]:
        """Run a domain command; returns its events once they are committed."""
        extra = statements or []
        return await self.run(lambda hall, now: (hall.decide(command, now), extra))

    async def run(self, action: Action) -> list[StoredEvent]:
        future: asyncio.Future[list[StoredEvent]] = asyncio.get_running_loop().create_future()
        self._jobs.put_nowait(_Job(action, future))
        return await future

    async def _write_loop(self) -> None:
        while True:
            batch = [await self._jobs.get()]
            # One turn of the loop lets requests already received reach the queue, so they
            # share this batch's commit (and its fsync) instead of waiting for the next.
            await asyncio.sleep(0)
            while not self._jobs.empty() and len(batch) < BATCH_LIMIT:
                batch.append(self._jobs.get_nowait())
            try:
                await self._write(batch)
            except asyncio.CancelledError:
                for job in batch:
                    if not job.future.done():
                        job.future.cancel()
                raise
            except Exception:  # the writer must outlive any one bad batch
                log.exception("writer batch failed; the hall will be reloaded from the store")
                self._stale = True
                for job in batch:
                    if not job.future.done():
                        job.future.set_exception(retry_later())

    async def _write(self, batch: list[_Job]) -> None:
        if self._stale:
            await self._rebuild([])  # raises while the store cannot be read: batch refused
        now = self.clock()
        today = self.hall.today(now)
        closing: asyncio.Future[list[StoredEvent]] | None = None
        if today != self._day:
            # The first command after midnight closes yesterday first: no clerk calls, and
            # no resident waits on, a ticket of a day that has ended.
            closing = asyncio.get_running_loop().create_future()
            closing.add_done_callback(_retrieved)
            batch.insert(0, _Job(lambda h, t: (h.decide(cmd.CloseDay(), t), []), closing))
        self._settled.clear()
        try:
            await self._write_settled(batch, now)
        finally:
            self._settled.set()
        if self._queues_due:
            self._queues_soon()
        if closing is not None and closing.done() and not closing.cancelled() \
                and closing.exception() is None:
            self._day = today  # otherwise the next batch tries to close the day again

    async def settled(self) -> None:
        """Return once no batch is between being applied and being committed, so what is read
        next is committed state (a snapshot's sequence number then matches its contents)."""
        while not self._settled.is_set():
            await self._settled.wait()

    async def _write_settled(self, batch: list[_Job], now: datetime) -> None:
        """Decide and apply each job, commit the batch, answer, broadcast.

        Until the commit succeeds the hall holds changes the store does not: whatever fails on
        the way (a command's decision, applying its events, building its frames) sends the
        hall back to the store's state and replays the jobs already accepted, so the failing
        job alone is refused and nothing of it stays behind. A failed commit refuses them all.
        """
        windows_before = dict(self.hall.windows)
        accepted: list[tuple[_Job, list[StoredEvent]]] = []
        events: list[ev.Event] = []
        statements: list[Statement] = []
        messages: list[Message] = []
        for job in batch:
            try:
                try:
                    new, extra = job.action(self.hall, now)
                except DomainError as err:  # the hall's rules refused it, changing nothing
                    job.future.set_exception(err)
                    continue
                stored = [StoredEvent(self.seq + len(events) + i + 1, e)
                          for i, e in enumerate(new)]
                built = [self._apply(s, now) for s in stored]
            except Exception:
                log.exception("a command failed between deciding and committing; "
                              "the hall goes back to the store and the batch goes on")
                job.future.set_exception(retry_later())
                await self._rebuild(events)
                continue
            events.extend(s.event for s in stored)
            messages.extend(built)
            statements.extend(extra)
            accepted.append((job, stored))
        if not accepted:
            return
        if events or statements:
            touched = dict.fromkeys(e.ticket_id for e in events if e.ticket_id)
            hall = self.hall
            try:
                await self.store.commit(
                    self.seq + 1,
                    events,
                    [hall.tickets[t] for t in touched if t in hall.tickets],
                    [w for n, w in hall.windows.items() if windows_before.get(n) is not w],
                    statements,
                    hall.office.take_dirty(),
                )
            except Exception:
                log.exception("commit failed; reloading the hall from the store")
                await self._rebuild([])
                for job, _ in accepted:
                    job.future.set_exception(
                        StoreUnavailable("store-unavailable", "系统繁忙，请稍后重试。"))
                return
            self.seq += len(events)
            for listener in self.on_commit:
                listener(self.seq)
        for job, stored in accepted:
            if not job.future.done():  # its request may have gone away meanwhile
                job.future.set_result(stored)
        if messages:
            # One turn of the loop first: the handlers just woken write their answers, so a
            # clerk's call-next leaves before the hall's displays are written to. (Still inside
            # the batch: a client joining now waits for `settled` and sees the broadcast.)
            await asyncio.sleep(0)
            try:
                self.live.publish(messages)
                self._queues_due = True
                self.refresh_followers()
            except Exception:
                # Committed and answered, but live clients may have missed some of it: they
                # start again from a snapshot.
                log.exception("broadcast failed; live clients will resync")
                self.live.backlog.clear()
                await self.live.close_all()

    def _apply(self, stored: StoredEvent, now: datetime) -> Message:
        """Fold one event into the hall and frame it for the live clients, built now so each
        message shows the ticket as this event left it. Kept even with nobody listening: a
        display reconnecting after a restart resumes from the backlog and still announces
        the calls it missed."""
        self.hall.apply(stored.event)
        return self._message(stored.seq, stored.event, now)

    async def _rebuild(self, events: list[ev.Event]) -> None:
        """The hall as the store has it, then `events` (accepted, not yet committed) again.
        While the store cannot be read the hall is marked stale and the writer refuses work."""
        self._stale = True
        hall = await self._load_hall()
        for event in events:
            hall.apply(event)
        self.hall = hall
        self._stale = False

    # ----- what follows the events: queues and residents' phones ------------------------------

    def queues_frame(self) -> bytes:
        """How many wait per matter and 预计等候 now, as one `queues` frame."""
        return text_frame(encode(queues(self.hall, self.seq, self.clock())))

    def _queues_soon(self) -> None:
        """Send `queues` now, or once `QUEUES_SECONDS` have passed since they last went: a
        burst of tickets makes one estimate, not one per ticket."""
        if self._queues_timer is not None:
            return
        loop = asyncio.get_running_loop()
        wait = self._queues_sent + QUEUES_SECONDS - loop.time()
        if wait > 0:
            self._queues_timer = loop.call_later(wait, self._send_queues)
        else:
            self._send_queues()

    def _send_queues(self) -> None:
        self._queues_timer = None
        if not self._settled.is_set():
            return  # a batch is between applying and committing: it sends them when done
        self._queues_due = False
        if not self.live.clients:
            return
        self._queues_sent = asyncio.get_running_loop().time()
        try:
            self.live.announce(self.queues_frame())
        except Exception:
            log.exception("could not send the queues; they go with the next change")

    def follow_frame(self, ticket_id: str, board: Board | None = None) -> bytes | None:
        """The `ticket` message a resident's phone gets for this ticket now; None when the
        hall no longer holds it."""
        ticket = self.hall.tickets.get(ticket_id)
        if ticket is None:
            return None
        return text_frame(encode(ticket_now(self.hall, ticket, self.seq, self.clock(), board)))

    def refresh_followers(self) -> None:
        """Every followed ticket's view, sent to its phones where it changed."""
        if not self.live.followers:
            return
        board = self.hall.waits(self.clock())
        self.live.refresh(lambda tid: self.follow_frame(tid, board))

    def _message(self, seq: int, event: ev.Event, now: datetime) -> Message:
        built = frames(seq, event, self.hall, now)
        return Message(seq, text_frame(built.public), text_frame(built.clerk),
                       text_frame(built.office))

    # ----- housekeeping ------------------------------------------------------------------------

    async def _tick_loop(self, every: float) -> None:
        while True:
            await asyncio.sleep(every)
            try:
                await self.tick()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("housekeeping failed; will try again")

    async def tick(self) -> None:
        """Tell owners of stalled transfers and heads of cases due, end staff sessions that
        have ended, and forget old finished tickets. (A day that has ended is closed by the
        writer before the first batch after midnight, this one too.)"""
        await self.execute(cmd.CheckStalls())
        await self.execute(CheckDeadlines())  # bad ratings' cases near or past their day
        await self.run(self.sessions.sweep)
        self.hall.forget_before(self.hall.today(self.clock()))
        # Time passes for the estimate too: a service under way is nearer its end.
        await self.settled()
        self._queues_due = True
        self._queues_soon()
        self.refresh_followers()
