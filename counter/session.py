"""The clerk signed in at this window, and how the live feed tells that the sign-in ended.

A session ends elsewhere when another clerk takes the window over (接替登录), or this clerk
signs in at another window: the hub announces it as `clerk-signed-out` for this window.
Pure: no Textual, no network.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

REASONS = {
    "接替登录": "本窗口已由其他工作人员接替登录",
    "改到其他窗口登录": "您已在其他窗口登录",
}


@dataclass(frozen=True, slots=True)
class Session:
    staff_no: str
    name: str
    window: int
    printer: dict[str, Any] = field(default_factory=dict)
    demo: bool = False

    @classmethod
    def from_login(cls, reply: dict[str, Any]) -> Session:
        return cls(
            staff_no=str(reply["staff_no"]),
            name=str(reply["name"]),
            window=int(reply["window"]),
            printer=dict(reply.get("printer") or {}),
            demo=bool(reply.get("demo")),
        )

    def ended_message(self, why: str) -> str:
        return f"您在{self.window}号窗口的登录已结束：{why}。请重新登录。"


def ended_by(message: dict[str, Any], session: Session) -> str | None:
    """Why `message` ends the session, in words for the clerk; None if it does not."""
    if message.get("type") == "snapshot":
        for w in message["hall"]["windows"]:
            if w["number"] == session.window:
                clerk = w.get("clerk") or {}
                if clerk.get("staff_no") != session.staff_no:
                    return session.ended_message("本窗口已不在您的名下")
        return None
    if message.get("type") != "event" or message.get("kind") != "clerk-signed-out":
        return None
    event = message["event"]
    if event.get("window") != session.window or event.get("clerk") != session.staff_no:
        return None
    reason = str(event.get("reason") or "")
    return session.ended_message(REASONS.get(reason, reason or "已退出登录"))
