"""A complaint or suggestion at the kiosk (投诉建议), as plain values: what the resident has
chosen so far (of the hub's `ComplaintOptions`), and what the hub answered.

Pure: the complaint pages and the printed slip are drawn from these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from bianmin.wire.office import ComplaintClerk, ComplaintWindow, LodgedPublic
from kiosk import texts
from kiosk.center import KioskCenter


@dataclass(frozen=True)
class ComplaintForm:
    window: int | None = None
    window_label: str = ""
    clerk: str | None = None  # staff number
    clerk_name: str = ""
    reason: str = ""
    phone: str = ""

    def with_window(self, window: ComplaintWindow | None) -> ComplaintForm:
        if window is None:
            return replace(self, window=None, window_label="")
        return replace(self, window=window.number, window_label=window.label)

    def with_clerk(self, clerk: ComplaintClerk | None) -> ComplaintForm:
        if clerk is None:
            return replace(self, clerk=None, clerk_name="")
        return replace(self, clerk=clerk.staff_no, clerk_name=clerk.name)

    def summary(self) -> str:
        """One line of what has been chosen, for the resident to check before submitting."""
        parts = []
        if self.window_label:
            parts.append(texts.SUMMARY_WINDOW.format(window=self.window_label))
        if self.clerk_name:
            parts.append(texts.SUMMARY_CLERK.format(clerk=self.clerk_name))
        if self.reason:
            parts.append(texts.SUMMARY_REASON.format(reason=self.reason))
        return "　".join(parts)


def window_label(window: ComplaintWindow) -> str:
    """A window's button: its number, and its department beneath."""
    department = window.department
    return f"{window.label}\n{department}" if department else window.label


def clerks_for(clerks: Sequence[ComplaintClerk], window: int | None) -> list[ComplaintClerk]:
    """The clerks to choose from: those of the chosen window first, then the others by
    window."""
    return sorted(clerks, key=lambda c: (c.window != window, c.window or 0, c.staff_no))


def clerk_label(clerk: ComplaintClerk) -> str:
    return f"{clerk.name}\n{clerk.window}号窗口" if clerk.window else clerk.name


@dataclass(frozen=True)
class LodgedComplaint:
    """The hub's answer to a complaint, and what the slip needs besides."""

    number: str
    code: str  # the query code (查询码): with the number, it shows the complaint's result
    lodged_at: datetime
    message: str
    phone: str  # the center's 24-hour complaint line
    center_name: str
    center_name_en: str
    english: bool


def lodged_complaint(view: LodgedPublic, phone: str, center: KioskCenter) -> LodgedComplaint:
    return LodgedComplaint(
        number=view.number,
        code=view.code,
        lodged_at=view.lodged_at,
        message=view.message or texts.COMPLAINT_DONE,
        phone=phone,
        center_name=center.name,
        center_name_en=center.name_en,
        english=center.english,
    )
