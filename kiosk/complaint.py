"""A complaint or suggestion at the kiosk (投诉建议), as plain values: what the resident has
chosen so far, what the hub is sent, and what it answered.

Pure: the complaint pages and the printed slip are drawn from these.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from kiosk import texts

REASON_LIMIT = 200  # characters a resident can type at the kiosk


@dataclass(frozen=True)
class ComplaintForm:
    window: int | None = None
    window_label: str = ""
    clerk: str | None = None  # staff number
    clerk_name: str = ""
    reason: str = ""
    phone: str = ""

    def with_window(self, window: dict[str, Any] | None) -> ComplaintForm:
        if window is None:
            return replace(self, window=None, window_label="")
        return replace(self, window=int(window["number"]), window_label=str(window["label"]))

    def with_clerk(self, clerk: dict[str, Any] | None) -> ComplaintForm:
        if clerk is None:
            return replace(self, clerk=None, clerk_name="")
        return replace(self, clerk=str(clerk["staff_no"]), clerk_name=str(clerk["name"]))

    def request(self) -> dict[str, Any]:
        """The keyword arguments of `HubClient.lodge_complaint`."""
        return {"reason": self.reason, "window": self.window, "clerk": self.clerk,
                "phone": self.phone}

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


def window_label(window: dict[str, Any]) -> str:
    """A window's button: its number, and its department beneath."""
    department = str(window.get("department") or "")
    return f"{window['label']}\n{department}" if department else str(window["label"])


def clerks_for(options: dict[str, Any], window: int | None) -> list[dict[str, Any]]:
    """The clerks to choose from: those of the chosen window first, then the others by
    window."""
    clerks: list[dict[str, Any]] = list(options.get("clerks", ()))
    return sorted(clerks, key=lambda c: (c.get("window") != window, c.get("window") or 0,
                                         str(c["staff_no"])))


def clerk_label(clerk: dict[str, Any]) -> str:
    window = clerk.get("window")
    return f"{clerk['name']}\n{window}号窗口" if window else str(clerk["name"])


def typed_reason(text: str) -> str:
    """What a resident typed, tidied: one line, not too long."""
    return " ".join(text.split())[:REASON_LIMIT]


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


def lodged_complaint(view: dict[str, Any], phone: str, center: dict[str, Any]
                     ) -> LodgedComplaint:
    return LodgedComplaint(
        number=str(view["number"]),
        code=str(view.get("code") or ""),
        lodged_at=datetime.fromisoformat(view["lodged_at"]),
        message=str(view.get("message") or texts.COMPLAINT_DONE),
        phone=phone,
        center_name=str(center.get("name", "")),
        center_name_en=str(center.get("name_en", "")),
        english=bool(center.get("english")),
    )
