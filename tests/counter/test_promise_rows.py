"""承诺件 rows and words (pure): how the hub's open promises read on the desk."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bianmin.wire.tickets import TicketStaff
from counter.promises import (
    days_left_text,
    kept_message,
    newly_flagged,
    promise_row,
    reminder,
    summary,
)
from tests.counter.views import promise as item
from tests.counter.views import ticket


@pytest.mark.parametrize(
    ("days", "text"),
    [(8, "还剩 8 天"), (1, "明天到期"), (0, "今天到期"), (-3, "已超期 3 天")],
)
def test_days_left_in_words(days: int, text: str) -> None:
    assert days_left_text(days) == text


def test_a_row_and_the_summary() -> None:
    row = promise_row(item("t1", -2, "overdue"))
    assert (row.number, row.matter, row.received, row.promised, row.left) == (
        "A001", "户籍办理", "11月24日", "12月5日", "已超期 2 天"
    )
    assert row.flagged and row.status_name == "已超期"
    rows = [row, promise_row(item("t2", 1, "due-soon")), promise_row(item("t3", 9, "ok"))]
    assert summary(rows) == "未办结 3 件 · 即将到期 1 件 · 已超期 1 件"
    assert summary([]) == "未办结 0 件"


def test_only_a_change_to_due_soon_or_overdue_is_news() -> None:
    before = {"t1": "ok", "t2": "due-soon", "t3": "due-soon"}
    rows = [
        promise_row(item("t1", 1, "due-soon")),  # turned due soon
        promise_row(item("t2", 1, "due-soon")),  # as it was
        promise_row(item("t3", -1, "overdue")),  # turned overdue
        promise_row(item("t4", 0, "due-soon")),  # just made: its clerk knows
    ]
    assert [r.ticket for r in newly_flagged(before, rows)] == ["t1", "t3"]


def test_reminders_name_one_and_count_several() -> None:
    one = [promise_row(item("t1", -1, "overdue", "B003")), promise_row(item("t2", 5, "ok"))]
    assert reminder(one) == (
        "承诺件提醒：号票 B003（户籍办理，11月24日受理）承诺12月5日办结，已超期 1 天，"
        "请尽快办结并告知办事群众。"
    )
    several = [*one, promise_row(item("t3", 1, "due-soon")), promise_row(item("t4", 0, "due-soon"))]
    assert reminder(several) == (
        "承诺件提醒：您有 1 件已超期、2 件即将到期，请在承诺件栏查看，办结后按 K 标记。"
    )


def kept_at(at: str) -> TicketStaff:
    return ticket(promised_date=date(2026, 12, 5), promise_kept_at=datetime.fromisoformat(at))


def test_kept_late_is_judged_on_the_halls_day() -> None:
    hall = ZoneInfo("Asia/Shanghai")
    # 23:30 UTC on the 4th is 07:30 on the 5th in the hall: on the day, on time.
    assert kept_message(kept_at("2026-12-04T23:30:00+00:00"), hall) == (
        "承诺件 A001 已按期办结。",
        "info",
    )
    text, severity = kept_message(kept_at("2026-12-05T16:30:00+00:00"), hall)  # 00:30 the 6th
    assert severity == "warning" and "超过承诺日期 1 天，已计入超期" in text
    assert kept_message(kept_at("2026-12-05T16:30:00+00:00"), UTC)[1] == "info"
    # No promised day or no keeping known: nothing to judge it by, so no claim of on time.
    assert kept_message(ticket(promised_date=date(2026, 12, 5)), hall) == (
        "承诺件 A001 已办结。",
        "info",
    )
