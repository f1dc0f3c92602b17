"""The counter's pure parts: timers, queue reading, 督办 rows, forms, sessions, commands."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bianmin.client import HubError, HubUnavailable
from bianmin.mirror import HallMirror
from counter.commands import BUSY, CUT_OFF, HUB_BUSY, OFFLINE, Commands
from counter.current import Answer, current_ticket
from counter.forms import parse_day
from counter.queueview import next_numbers, queue_lines, window_queue
from counter.session import Session, ended_by
from counter.supervision import row
from counter.timing import Level, duration, step_times, ticket_timer

TZ = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 27, 9, 0, tzinfo=TZ)


def at(minutes: float) -> str:
    return (T0 + timedelta(minutes=minutes)).isoformat()


def ticket(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "t1",
        "number": "A001",
        "matter": "A",
        "queue_matter": "A",
        "matter_name": "户籍办理",
        "queue_class": "normal",
        "serial": 1,
        "state": "waiting",
        "window": None,
        "target_window": None,
        "issued_at": at(0),
        "enqueued_at": at(0),
        "called_at": None,
        "received_at": None,
        "transfers": 0,
        "recalls": 0,
    }
    base.update(fields)
    return base


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
        t = ticket(state="serving", called_at=at(0), received_at=at(0), limit_minutes=30,
                   warn_at=at(24), due_at=at(30))
        timer = ticket_timer(t, T0 + timedelta(minutes=minutes))
        assert (timer.level, timer.text) == (level, text)

    def test_no_limit_from_the_hub_means_no_colour(self) -> None:
        t = ticket(state="serving", called_at=at(0), received_at=at(0), limit_minutes=None,
                   warn_at=None, due_at=None)
        timer = ticket_timer(t, T0 + timedelta(minutes=90))
        assert (timer.level, timer.text) == (Level.OK, "办理用时 1:30:00")

    def test_called_ticket_counts_since_the_call_without_a_limit(self) -> None:
        t = ticket(state="called", called_at=at(5))
        timer = ticket_timer(t, T0 + timedelta(minutes=6))
        assert (timer.level, timer.text) == (Level.IDLE, "叫号后 01:00")

    def test_durations_and_steps(self) -> None:
        assert duration(timedelta(seconds=-5)) == "00:00"
        assert duration(timedelta(hours=1, minutes=2, seconds=3)) == "1:02:03"
        t = ticket(
            state="serving", called_at=at(12.5), received_at=at(13), transfers=1, enqueued_at=at(10)
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
            ticket(id="1", number="B004", queue_matter="B", queue_class="transferred"),
            ticket(id="2", number="F001", queue_matter="F", queue_class="priority"),
            ticket(id="3", number="F002", queue_matter="F"),
            ticket(id="4", number="B001", queue_matter="B"),
            ticket(id="5", number="F003", queue_matter="F"),
        ]
        matters = {"B": {"name": "社保医保"}, "F": {"name": "卫生健康"}}
        lines = [(x.matter_name, x.class_name, x.count) for x in queue_lines(queue, matters)]
        assert lines == [
            ("社保医保", "转入", 1),
            ("卫生健康", "优先", 1),
            ("卫生健康", "普通", 2),
            ("社保医保", "普通", 1),
        ]
        assert next_numbers(queue, 3) == ["B004转", "F001优", "F002"]

    def test_mirror_queue_puts_tickets_sent_here_first(self) -> None:
        mirror = HallMirror()
        mirror.load(
            {
                "seq": 3,
                "center": {},
                "recent_calls": [],
                "matters": [{"prefix": "A", "name": "户籍办理"}],
                "windows": [{"number": 1, "matters": ["A"], "current": None}],
                "tickets": [
                    ticket(id="a", number="A001", enqueued_at=at(0)),
                    ticket(
                        id="b",
                        number="B002",
                        queue_matter="B",
                        target_window=1,
                        queue_class="transferred",
                        enqueued_at=at(5),
                    ),
                    ticket(id="c", number="A002", queue_class="urgent", enqueued_at=at(9)),
                ],
            }
        )
        assert next_numbers(window_queue(mirror, 1)) == ["A002急", "B002转", "A001"]


class TestSupervisionRow:
    def item(self, **fields: Any) -> dict[str, Any]:
        base: dict[str, Any] = {
            "ticket": ticket(state="waiting", target_window=8),
            "where": "等候 8号窗口",
            "with_clerk": None,
            "with_clerk_name": None,
            "since": at(0),
            "minutes": 0,
            "stalled": False,
            "finished_elsewhere": False,
        }
        base.update(fields)
        return base

    def test_minutes_count_on_and_a_long_wait_is_flagged(self) -> None:
        r = row(self.item(), T0 + timedelta(minutes=19, seconds=59), 20, {})
        assert (r.minutes, r.flag, r.with_whom) == (19, "", "—")
        r = row(self.item(), T0 + timedelta(minutes=20), 20, {})
        assert (r.minutes, r.flag) == (20, "stalled")
        assert r.flag_text == "滞留超过 20 分钟，请跟进"

    def test_finished_elsewhere_and_who_has_it(self) -> None:
        done = ticket(state="done", outcome="promised", window=8)
        r = row(
            self.item(
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


class TestSession:
    session = Session("1001", "张丽", 1)

    def event(self, **fields: Any) -> dict[str, Any]:
        return {"type": "event", "kind": "clerk-signed-out", "event": fields}

    def test_taken_over_or_moved_ends_it(self) -> None:
        taken = ended_by(self.event(window=1, clerk="1001", reason="接替登录"), self.session)
        assert taken == "您在1号窗口的登录已结束：本窗口已由其他工作人员接替登录。请重新登录。"
        moved = ended_by(
            self.event(window=1, clerk="1001", reason="改到其他窗口登录"), self.session
        )
        assert moved is not None and "您已在其他窗口登录" in moved

    def test_others_signing_out_do_not(self) -> None:
        assert ended_by(self.event(window=2, clerk="1002", reason=""), self.session) is None
        assert (
            ended_by(
                {"type": "event", "kind": "ticket-called", "event": {"window": 1}}, self.session
            )
            is None
        )

    def test_a_snapshot_without_this_clerk_at_the_window_ends_it(self) -> None:
        def snap(clerk: dict[str, str] | None) -> dict[str, Any]:
            return {"type": "snapshot", "hall": {"windows": [{"number": 1, "clerk": clerk}]}}

        assert ended_by(snap({"staff_no": "1001"}), self.session) is None
        assert ended_by(snap(None), self.session) is not None


class TestCurrent:
    def test_the_hubs_answer_wins_until_the_mirror_catches_up(self) -> None:
        mirror = HallMirror()
        mirror.seq = 4
        mirror.windows = {1: {"number": 1, "current": None}}
        called = ticket(state="called", window=1, events=[5])
        assert current_ticket(mirror, 1, Answer.of(called)) == called
        mirror.seq = 5  # the event arrived: the mirror is the truth again
        assert current_ticket(mirror, 1, Answer.of(called)) is None
        mirror.seq = 4
        moved = ticket(state="waiting", window=None, events=[5])
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
