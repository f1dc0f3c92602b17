"""The counter's pure parts: timers, queue reading, 督办 rows, forms, sessions, commands."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from bianmin.client import HubError, HubUnavailable
from bianmin.domain.types import Outcome, QueueClass, TicketState
from bianmin.mirror import HallMirror
from bianmin.wire.events import StaffEvent
from bianmin.wire.hall import AtWindow, Badge
from bianmin.wire.live import ClerkEventMessage, ClerkSnapshot, Resume
from bianmin.wire.tickets import Step, TicketStaff
from counter.commands import BUSY, CUT_OFF, HUB_BUSY, OFFLINE, Commands
from counter.current import Answer, current_ticket
from counter.forms import day_hint, parse_day, parse_days
from counter.queueview import next_numbers, queue_lines, window_queue
from counter.session import Session, ended_by
from counter.supervision import FINISHED_SHOWN, row, still_shown
from counter.timing import Level, duration, step_times, ticket_timer
from tests.counter.views import T0, at, hall, matter, supervised, ticket, window


def step(t: TicketStaff, *events: int) -> Step:
    return Step(**{f: getattr(t, f) for f in t.__struct_fields__}, events=list(events))


class TestTimer:
    @pytest.mark.parametrize(
        ("minutes", "level", "text"),
        [
            (10, Level.OK, "办理用时 10:00（限时 30 分钟，还剩 20:00）"),
            (24, Level.NEAR, "办理用时 24:00（限时 30 分钟，还剩 06:00）"),
            (30, Level.NEAR, "办理用时 30:00（限时 30 分钟，还剩 00:00）"),
            (31.5, Level.OVER, "办理用时 31:30（限时 30 分钟，已超时 01:30）"),
        ],
    )
    def test_colour_follows_the_hubs_warning_and_due_times(
        self, minutes: float, level: Level, text: str
    ) -> None:
        t = ticket(
            state=TicketState.SERVING,
            called_at=at(0),
            received_at=at(0),
            limit_minutes=30,
            warn_at=at(24),
            due_at=at(30),
        )
        timer = ticket_timer(t, at(minutes))
        assert (timer.level, timer.text) == (level, text)

    def test_the_hubs_times_are_the_only_limit(self) -> None:
        # A 15-minute limit warned at 12: whatever the matter, the hub's times decide.
        t = ticket(
            state=TicketState.SERVING,
            received_at=at(0),
            limit_minutes=15,
            warn_at=at(12),
            due_at=at(15),
        )
        assert ticket_timer(t, at(11.9)).level is Level.OK
        assert ticket_timer(t, at(12)).level is Level.NEAR
        assert ticket_timer(t, at(15.1)).text == "办理用时 15:06（限时 15 分钟，已超时 00:06）"

    def test_no_limit_from_the_hub_means_no_colour(self) -> None:
        t = ticket(state=TicketState.SERVING, called_at=at(0), received_at=at(0))
        timer = ticket_timer(t, at(90))
        assert (timer.level, timer.text) == (Level.OK, "办理用时 1:30:00")

    def test_called_ticket_counts_since_the_call_without_a_limit(self) -> None:
        t = ticket(state=TicketState.CALLED, called_at=at(5), limit_minutes=30)
        timer = ticket_timer(t, at(6))
        assert (timer.level, timer.text) == (Level.IDLE, "叫号后 01:00")

    def test_durations_and_steps(self) -> None:
        assert duration(timedelta(seconds=-5)) == "00:00"
        assert duration(timedelta(hours=1, minutes=2, seconds=3)) == "1:02:03"
        t = ticket(
            state=TicketState.SERVING,
            called_at=at(12.5),
            received_at=at(13),
            transfers=1,
            enqueued_at=at(10),
        )
        assert step_times(t) == [
            ("取号", "09:00:00"),
            ("转入", "09:10:00"),
            ("叫号", "09:12:30"),
            ("开始", "09:13:00"),
            ("等候", "12:30"),
        ]


class TestQueue:
    def test_counts_per_matter_and_class_most_urgent_first(self) -> None:
        queue = [
            ticket(id="1", number="B004", queue_matter="B", queue_class=QueueClass.TRANSFERRED),
            ticket(id="2", number="F001", queue_matter="F", queue_class=QueueClass.PRIORITY),
            ticket(id="3", number="F002", queue_matter="F"),
            ticket(id="4", number="B001", queue_matter="B"),
            ticket(id="5", number="F003", queue_matter="F"),
        ]
        matters = {"B": matter("B", "社保医保"), "F": matter("F", "卫生健康")}
        lines = [(x.matter_name, x.class_name, x.count) for x in queue_lines(queue, matters)]
        assert lines == [
            ("社保医保", "转入", 1),
            ("卫生健康", "优先", 1),
            ("卫生健康", "普通", 2),
            ("社保医保", "普通", 1),
        ]
        assert next_numbers(queue, 3) == ["B004转", "F001优", "F002"]

    def test_mirror_queue_puts_tickets_sent_here_first(self) -> None:
        mirror: HallMirror[TicketStaff] = HallMirror()
        mirror.load(
            hall(
                [window(1)],
                [
                    ticket(id="a", number="A001", enqueued_at=at(0)),
                    ticket(
                        id="b",
                        number="B002",
                        queue_matter="B",
                        target_window=1,
                        queue_class=QueueClass.TRANSFERRED,
                        enqueued_at=at(5),
                    ),
                    ticket(
                        id="c", number="A002", queue_class=QueueClass.URGENT, enqueued_at=at(9)
                    ),
                ],
                [matter("A", "户籍办理")],
                seq=3,
            )
        )
        queue = window_queue(mirror, 1)
        assert next_numbers(queue) == ["A002急", "B002转", "A001"]


class TestSupervisionRow:
    def test_minutes_count_on_and_a_long_wait_is_flagged(self) -> None:
        r = row(supervised(), T0 + timedelta(minutes=19, seconds=59), 20, {})
        assert (r.minutes, r.flag, r.with_whom) == (19, "", "—")
        r = row(supervised(), T0 + timedelta(minutes=20), 20, {})
        assert (r.minutes, r.flag) == (20, "stalled")
        assert r.flag_text == "滞留超过 20 分钟，请跟进"

    def test_finished_elsewhere_and_who_has_it(self) -> None:
        done = ticket(state=TicketState.DONE, outcome=Outcome.PROMISED, window=8)
        r = row(
            supervised(
                ticket=done, finished_elsewhere=True, with_clerk="1008", with_clerk_name="黄伟"
            ),
            T0,
            20,
            {"promised": "承诺件"},
        )
        assert (r.flag, r.flag_text, r.with_whom) == (
            "elsewhere",
            "已在他处办结（承诺件）",
            "黄伟（1008）",
        )


    def test_a_finished_ticket_s_minutes_stop_and_its_row_leaves_later(self) -> None:
        ended = T0 + timedelta(minutes=12)
        done = ticket(state=TicketState.DONE, outcome=Outcome.IMMEDIATE, window=8,
                      finished_at=ended)
        item = supervised(ticket=done, since=T0, finished_elsewhere=True)
        for later in (13, 40):
            assert row(item, T0 + timedelta(minutes=later), 20, {}).minutes == 12
        assert still_shown(item, ended + FINISHED_SHOWN - timedelta(seconds=1))
        assert not still_shown(item, ended + FINISHED_SHOWN)
        assert still_shown(supervised(), T0 + timedelta(days=1))  # open: always


class TestForms:
    @pytest.mark.parametrize(
        ("typed", "day"),
        [
            ("2026-12-05", date(2026, 12, 5)),
            ("2026/12/5", date(2026, 12, 5)),
            ("2026年12月5日", date(2026, 12, 5)),
            ("12-05", date(2026, 12, 5)),
            (" +7 ", date(2026, 12, 4)),
            ("12月", None),
            ("2026-02-30", None),
            ("", None),
        ],
    )
    def test_parse_day(self, typed: str, day: date | None) -> None:
        assert parse_day(typed, date(2026, 11, 27)) == day

    def test_a_past_date_is_said_to_be_past(self) -> None:
        today = date(2026, 11, 30)
        assert day_hint(date(2026, 11, 1), today) == (
            "即 2026-11-01，已过去 29 天：承诺办结日期不能早于今天")
        assert day_hint(today, today) == "即 2026-11-30，今天"
        assert day_hint(date(2026, 12, 5), today) == "即 2026-12-05，5 天后"
        assert day_hint(None, today) == ""

    @pytest.mark.parametrize(("typed", "days"), [
        ("20", 20), (" 15天", 15), ("10个工作日", 10), ("0", None), ("366", None),
        ("二十", None), ("", None), ("-3", None)])
    def test_parse_days(self, typed: str, days: int | None) -> None:
        assert parse_days(typed) == days


class TestSession:
    session = Session("1001", "张丽", 1)

    def event(self, kind: str = "clerk-signed-out", **fields: Any) -> ClerkEventMessage:
        return ClerkEventMessage(
            seq=9, kind=kind, at=T0, event=StaffEvent(**fields), ticket=None, window=None
        )

    def test_taken_over_or_moved_ends_it(self) -> None:
        taken = ended_by(self.event(window=1, clerk="1001", reason="接替登录"), self.session)
        assert taken == "您在1号窗口的登录已结束：本窗口已由其他工作人员接替登录。请重新登录。"
        moved = ended_by(
            self.event(window=1, clerk="1001", reason="改到其他窗口登录"), self.session
        )
        assert moved is not None and "您已在其他窗口登录" in moved

    def test_others_signing_out_do_not(self) -> None:
        assert ended_by(self.event(window=2, clerk="1002", reason=""), self.session) is None
        assert ended_by(self.event("ticket-called", window=1), self.session) is None
        assert ended_by(Resume(seq=9), self.session) is None

    def test_a_snapshot_without_this_clerk_at_the_window_ends_it(self) -> None:
        def snap(clerk: Badge | None) -> ClerkSnapshot:
            return ClerkSnapshot(seq=1, hall=hall([window(1, clerk=clerk)], [], [], seq=1))

        assert ended_by(snap(Badge(staff_no="1001", name="张丽")), self.session) is None
        assert ended_by(snap(Badge(staff_no="1008", name="黄伟")), self.session) is not None
        assert ended_by(snap(None), self.session) is not None


class TestCurrent:
    def test_the_hubs_answer_wins_until_the_mirror_catches_up(self) -> None:
        mirror: HallMirror[TicketStaff] = HallMirror()
        mirror.seq = 4
        mirror.windows = {1: window(1, current=None)}
        called = step(ticket(state=TicketState.CALLED, window=1), 5)
        assert current_ticket(mirror, 1, Answer.of(called)) == called
        mirror.seq = 5  # the event arrived: the mirror is the truth again
        assert current_ticket(mirror, 1, Answer.of(called)) is None
        mirror.windows = {1: window(1, current=AtWindow(id="t1", number="A001",
                                                        state=TicketState.CALLED))}
        mirror.tickets = {"t1": ticket(state=TicketState.CALLED, window=1, recalls=1)}
        assert current_ticket(mirror, 1, Answer.of(called)) == mirror.tickets["t1"]
        mirror.seq = 4
        moved = step(ticket(state=TicketState.WAITING, window=None), 5)
        assert current_ticket(mirror, 1, Answer.of(moved)) is None


class TestCommands:
    async def test_one_at_a_time_and_not_while_offline(self) -> None:
        online = [True]
        commands = Commands(lambda: online[0], lambda _: None)

        async def slow() -> int:
            inner = await commands.run(fast)
            assert inner.error == BUSY
            return 1

        async def fast() -> int:
            return 2

        assert (await commands.run(slow)).value == 1
        online[0] = False
        assert (await commands.run(fast)).error == OFFLINE

    async def test_refusals_and_faults_become_sentences(self) -> None:
        ended: list[str] = []
        commands = Commands(lambda: True, ended.append)

        def failing(err: Exception) -> Any:
            async def call() -> None:
                raise err

            return call

        refused = await commands.run(failing(HubError(409, "window-busy", "请先办结。")))
        assert (refused.ok, refused.error, refused.status) == (False, "请先办结。", 409)
        assert (await commands.run(failing(HubUnavailable("HTTP 503")))).error == HUB_BUSY
        assert (await commands.run(failing(HubUnavailable("ClientOSError")))).error == CUT_OFF
        gone = await commands.run(failing(HubError(401, "session-ended", "登录已结束。")))
        assert gone.status == 401 and ended == ["登录已结束。"]
        assert not commands.busy
