"""What a hall is made of: its matters, windows and working rules, as read from configuration."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

from bianmin.domain.bundles import Bundle
from bianmin.domain.types import Outcome
from bianmin.domain.workdays import WorkCalendar


@dataclass(frozen=True, slots=True)
class Matter:
    """A kind of business (事项), with the letter its tickets carry."""

    prefix: str
    name: str
    name_en: str = ""
    handling: Outcome = Outcome.IMMEDIATE  # the usual outcome class, for time limits
    time_limit_minutes: int = 30
    materials: tuple[str, ...] = ()
    wait_hint: str = ""  # where to wait, shown on the ticket screen


@dataclass(frozen=True, slots=True)
class Window:
    """A numbered desk (窗口) and the matters it serves, in order."""

    number: int
    department: str
    matters: tuple[str, ...]
    # When true, an earlier matter in `matters` wins over an earlier arrival of the same class.
    strict_matter_order: bool = False
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or f"{self.number}号窗口"


@dataclass(frozen=True, slots=True)
class Rules:
    immediate_limit_minutes: int = 30
    recalls_before_no_show: int = 2
    stall_minutes: int = 20
    promised_warn_days: int = 1


@dataclass(frozen=True, slots=True)
class Slot:
    """An appointment time slot of a day, e.g. 09:00-10:00."""

    start: time
    end: time

    @property
    def label(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


DEFAULT_SLOTS = (
    Slot(time(9), time(10)),
    Slot(time(10), time(11)),
    Slot(time(14), time(15)),
    Slot(time(15), time(16)),
)


@dataclass(frozen=True, slots=True)
class OfficeRules:
    """Appointments (预约服务制), complaints and ratings."""

    slots: tuple[Slot, ...] = DEFAULT_SLOTS
    capacity: int = 4  # bookings per matter per slot
    capacity_by_matter: dict[str, int] = field(default_factory=dict)
    days_ahead: int = 14
    early_minutes: int = 30  # check-in opens this long before the slot
    late_minutes: int = 15  # and closes this long after it ends
    rating_minutes: int = 10  # a finished ticket may be rated this long at the window's pad
    phone_rating_minutes: int = 1440  # and this long from the resident's phone
    complaint_reasons: tuple[str, ...] = (
        "服务态度不好", "办事效率低", "推诿扯皮", "一次性告知不到位", "乱收费", "其他")
    # The points a bad rating (不满意, 非常不满意) picks from: the national standard's offline
    # points by default (好差评: 服务效率, 服务水平, 服务态度).
    unsatisfied_reasons: tuple[str, ...] = ("服务效率", "服务水平", "服务态度")
    case_working_days: int = 15  # a bad rating is called back and put right within this
    complaint_working_days: int = 5  # a complaint is answered within this
    due_soon_working_days: int = 3  # a deadline this close is flagged as due soon

    def slot(self, label: str) -> Slot | None:
        return next((s for s in self.slots if s.label == label), None)

    def capacity_of(self, matter: str) -> int:
        return self.capacity_by_matter.get(matter, self.capacity)


@dataclass(frozen=True, slots=True)
class Catalog:
    matters: dict[str, Matter]
    windows: dict[int, Window]
    rules: Rules = field(default_factory=Rules)
    clerks: dict[str, str] = field(default_factory=dict)  # staff number -> name
    # Staff number -> a tag that changes with the photo, for clerks whose photo the window
    # screen shows (挂牌上岗).
    photos: dict[str, str] = field(default_factory=dict)
    office: OfficeRules = field(default_factory=OfficeRules)
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    heads: dict[str, str] = field(default_factory=dict)  # department -> its head's staff number
    bundles: dict[str, Bundle] = field(default_factory=dict)  # 一件事, by id

    def bundle(self, bundle_id: str) -> Bundle | None:
        return self.bundles.get(bundle_id)

    def clerk_name(self, staff_no: str) -> str:
        return self.clerks.get(staff_no, staff_no)

    def matter(self, prefix: str) -> Matter | None:
        return self.matters.get(prefix)

    def window(self, number: int) -> Window | None:
        return self.windows.get(number)

    def windows_serving(self, prefix: str) -> list[Window]:
        return [w for w in self.windows.values() if prefix in w.matters]
