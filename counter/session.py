"""The clerk signed in at this window, and how the live feed tells that the sign-in ended.

A session ends elsewhere when another clerk takes the window over (接替登录), or this clerk
signs in at another window: the hub announces it as `clerk-signed-out` for this window.
Pure: no Textual, no network.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bianmin.wire.devices import PrinterSettings, SignedIn
from bianmin.wire.live import ClerkEventMessage, ClerkMessage, ClerkSnapshot

REASONS = {
    "接替登录": "本窗口已由其他工作人员接替登录",
    "改到其他窗口登录": "您已在其他窗口登录",
}


@dataclass(frozen=True, slots=True)
class Session:
    staff_no: str
    name: str
    window: int
    printer: PrinterSettings = field(default_factory=PrinterSettings)
    demo: bool = False

    @classmethod
    def from_login(cls, reply: SignedIn, window: int) -> Session:
        """`window` is where the counter asked to sign in; the hub signs in nowhere else."""
        return cls(reply.staff_no, reply.name, reply.window or window, reply.printer, reply.demo)

    def ended_message(self, why: str) -> str:
        return f"您在{self.window}号窗口的登录已结束：{why}。请重新登录。"


def ended_by(message: ClerkMessage, session: Session) -> str | None:
    """Why `message` ends the session, in words for the clerk; None if it does not."""
    if isinstance(message, ClerkSnapshot):
        for w in message.hall.windows:
            if w.number == session.window and (
                w.clerk is None or w.clerk.staff_no != session.staff_no
            ):
                return session.ended_message("本窗口已不在您的名下")
        return None
    if not isinstance(message, ClerkEventMessage) or message.kind != "clerk-signed-out":
        return None
    event = message.event
    if event.window != session.window or event.clerk != session.staff_no:
        return None
    reason = event.reason or ""
    return session.ended_message(REASONS.get(reason, reason or "已退出登录"))
