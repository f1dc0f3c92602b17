"""Working days (工作日): the calendar deadlines are counted in.

A day is a working day when it is Monday to Friday and not a public holiday, or when it is a
weekend day the State Council's notice makes a working day (调休). The hall's configuration
lists both (`[calendar]`), year by year; a deadline of "15 working days" runs from the day
after the day it starts and ends at the close of its 15th working day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

DeadlineStatus = Literal["ok", "due-soon", "overdue"]
SATURDAY = 5


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)  # weekend days worked

    def is_working(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < SATURDAY and day not in self.holidays

    def add(self, start: date, working_days: int) -> date:
        """The `working_days`-th working day after `start` (`start` itself never counts);
        0 gives `start`."""
        day, left = start, working_days
        while left > 0:
            day += timedelta(days=1)
            if self.is_working(day):
                left -= 1
        return day

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`; negative when `end` is
        before `start` (the working days from `end`, exclusive, back to `start`)."""
        if end < start:
            return -self.between(end, start)
        return sum(1 for n in range(1, (end - start).days + 1)
                   if self.is_working(start + timedelta(days=n)))

    def status(self, due: date, today: date, warn_days: int) -> DeadlineStatus:
        """`overdue` once `due` has passed, `due-soon` within `warn_days` working days of
        it, else `ok`."""
        if today > due:
            return "overdue"
        if self.between(today, due) <= warn_days:
            return "due-soon"
        return "ok"
