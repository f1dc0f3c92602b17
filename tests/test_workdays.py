"""Working days: the calendar deadlines of bad ratings and complaints are counted in, and
the `[calendar]` and deadline settings of the configuration."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bianmin.config import ConfigError, load
from bianmin.domain.workdays import WorkCalendar
from tests.hubfixture import demo_toml

# 2026's National Day week as the State Council set it: 1-7 October off, Sunday 20 September
# and Saturday 10 October worked instead.
NATIONAL_DAY = WorkCalendar(
    holidays=frozenset(date(2026, 10, d) for d in range(1, 8)),
    workdays=frozenset({date(2026, 9, 20), date(2026, 10, 10)}))


def test_a_plain_week_counts_mondays_to_fridays() -> None:
    plain = WorkCalendar()
    monday = date(2026, 11, 30)
    assert plain.add(monday, 0) == monday
    assert plain.add(monday, 4) == date(2026, 12, 4)  # Friday
    assert plain.add(monday, 5) == date(2026, 12, 7)  # over the weekend to Monday
    assert plain.add(monday, 15) == date(2026, 12, 21)
    friday = date(2026, 12, 4)
    assert plain.add(friday, 1) == date(2026, 12, 7)
    saturday = date(2026, 12, 5)
    assert plain.add(saturday, 1) == date(2026, 12, 7)  # a rating on a Saturday
    assert plain.between(monday, date(2026, 12, 21)) == 15
    assert plain.between(date(2026, 12, 21), monday) == -15
    assert plain.between(monday, monday) == 0


def test_holidays_are_skipped_and_weekend_workdays_count() -> None:
    cal = NATIONAL_DAY
    assert cal.is_working(date(2026, 9, 20))  # a Sunday worked
    assert not cal.is_working(date(2026, 10, 5))  # a Monday off
    assert cal.is_working(date(2026, 10, 10))  # a Saturday worked
    assert not cal.is_working(date(2026, 10, 11))
    # From Wednesday 30 September: 8, 9, 10 (Saturday worked), 12 ... October
    assert cal.add(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert cal.add(date(2026, 9, 30), 3) == date(2026, 10, 10)
    assert cal.add(date(2026, 9, 30), 4) == date(2026, 10, 12)
    # 15 working days from Friday 18 September: Sunday 20 (1), 21-25 (6), 28-30 (9),
    # 8-10 (12), 12-14 (15)
    assert cal.add(date(2026, 9, 18), 15) == date(2026, 10, 14)
    assert cal.add(date(2026, 9, 19), 1) == date(2026, 9, 20)  # Saturday, then the Sunday
    assert cal.between(date(2026, 9, 18), date(2026, 10, 14)) == 15


def test_status_of_a_deadline() -> None:
    cal = WorkCalendar()
    due = date(2026, 12, 21)  # a Monday
    assert cal.status(due, date(2026, 12, 14), 3) == "ok"  # 5 working days left
    assert cal.status(due, date(2026, 12, 16), 3) == "due-soon"  # Thu, Fri, Mon
    assert cal.status(due, date(2026, 12, 19), 3) == "due-soon"  # a Saturday before it
    assert cal.status(due, due, 0) == "due-soon"  # the last day
    assert cal.status(due, date(2026, 12, 22), 3) == "overdue"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bianmin.toml"
    path.write_text(text, encoding="utf-8")
    return path


def refusal(tmp_path: Path, old: str, new: str) -> ConfigError:
    text = demo_toml()
    assert old in text
    with pytest.raises(ConfigError) as raised:
        load(write(tmp_path, text.replace(old, new, 1)))
    return raised.value


def test_the_demo_reads_its_calendar_heads_and_deadlines(tmp_path: Path) -> None:
    config = load(write(tmp_path, demo_toml()))
    catalog = config.catalog
    cal = catalog.calendar
    assert date(2026, 10, 1) in cal.holidays and date(2026, 2, 14) in cal.workdays
    assert catalog.heads == {"人力社保": "9002", "医保卫健": "9002"}
    assert config.staff["9002"].role == "office"
    office = catalog.office
    assert office.unsatisfied_reasons == ("服务效率", "服务水平", "服务态度")
    assert (office.case_working_days, office.complaint_working_days,
            office.due_soon_working_days, office.phone_rating_minutes) == (15, 5, 3, 1440)


def test_days_written_as_text_are_read_too(tmp_path: Path) -> None:
    text = demo_toml().replace('workdays = [2026-01-04,', 'workdays = ["2026-01-04",', 1)
    assert load(write(tmp_path, text)).catalog.calendar.is_working(date(2026, 1, 4))


@pytest.mark.parametrize(("old", "new", "key", "says"), [
    ("workdays = [2026-01-04,", "workdays = [2026-01-05,", "calendar.workdays", "weekday"),
    ("workdays = [2026-01-04,", "workdays = [2026-10-03,", "calendar.workdays",
     "also listed as a holiday"),
    ("holidays = [\n  2026-01-01,", "holidays = [\n  2026-01-02,", "calendar.holidays",
     "twice"),
    ("holidays = [\n  2026-01-01,", "holidays = [\n  \"2026-13-01\",", "calendar.holidays",
     "array of days"),
    ("holidays = [\n  2026-01-01,", "holidays = [\n  2026-01-01T09:00:00,",
     "calendar.holidays", "array of days"),
    ('departments = ["人力社保", "医保卫健"]', 'departments = ["财政所"]',
     "office[1].departments", "no window belongs"),
    ('departments = ["人力社保", "医保卫健"]', 'departments = ["人力社保", "人力社保"]',
     "office[1].departments", "two heads"),
    ("case_working_days = 15", "case_working_days = 0", "office_rules.case_working_days",
     "between 1 and 60"),
    ('unsatisfied_reasons = ["服务效率", "服务水平", "服务态度"]',
     'unsatisfied_reasons = ["服务效率", "服务效率"]', "office_rules.unsatisfied_reasons",
     "twice"),
])
def test_calendar_and_deadline_mistakes_are_named(tmp_path: Path, old: str, new: str,
                                                  key: str, says: str) -> None:
    err = refusal(tmp_path, old, new)
    assert err.key == key and says in err.message, str(err)
    assert err.line is not None


def test_a_clerk_cannot_head_a_department(tmp_path: Path) -> None:
    err = refusal(tmp_path, 'window = 1\n', 'window = 1\ndepartments = ["人力社保"]\n')
    assert err.key == "clerks[0].departments" and "unknown key" in err.message
