"""Who is asking: device tokens from the configuration, and sign-in sessions for staff."""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import NoReturn

from bianmin.config import Config
from bianmin.domain.errors import Conflict, Unauthorized
from server.live import Audience
from server.store import SessionRow

MAX_FAILURES = 5
LOCK_SECONDS = 300


@dataclass(frozen=True, slots=True)
class Principal:
    role: str  # kiosk, display, rating, clerk, office
    id: str  # device id or staff number
    name: str
    window: int | None = None
    token_hash: str | None = None  # set for staff sessions

    @property
    def staff(self) -> bool:
        return self.role in ("clerk", "office")

    @property
    def audience(self) -> Audience:
        """Whose view of the hall this one gets."""
        if self.role == "office":
            return "office"
        return "clerk" if self.role == "clerk" else "public"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Sessions:
    def __init__(self, config: Config, rows: list[SessionRow]) -> None:
        self.config = config
        self.rows: dict[str, SessionRow] = {r.token_hash: r for r in rows}
        self.failures: dict[str, tuple[int, float]] = {}  # "staff@address" -> count, until

    def principal(self, token: str) -> Principal | None:
        device = self.config.devices.get(token)
        if device is not None:
            return Principal(device.kind, device.id, device.name or device.id)
        row = self.rows.get(token_hash(token))
        if row is None:
            return None
        staff = self.config.staff.get(row.staff_no)
        if staff is None:  # removed from the configuration since signing in
            return None
        return Principal(row.role, row.staff_no, staff.name, row.window, row.token_hash)

    def check_lock(self, attempt: str) -> None:
        count, until = self.failures.get(attempt, (0, 0.0))
        if count >= MAX_FAILURES and time.monotonic() < until:
            minutes = max(1, round((until - time.monotonic()) / 60))
            raise Conflict(
                "locked", f"密码错误次数过多，请 {minutes} 分钟后再试，或联系中心办公室。"
            )

    def failed(self, attempt: str) -> NoReturn:
        count, _ = self.failures.get(attempt, (0, 0.0))
        self.failures[attempt] = (count + 1, time.monotonic() + LOCK_SECONDS)
        if count + 1 >= MAX_FAILURES:
            self.check_lock(attempt)
        raise Unauthorized("bad-credentials", "工号或密码不正确，请重新输入。")

    def succeeded(self, attempt: str) -> None:
        self.failures.pop(attempt, None)

    def add(self, row: SessionRow) -> None:
        self.rows[row.token_hash] = row

    def drop(self, hashes: list[str]) -> None:
        for h in hashes:
            self.rows.pop(h, None)

    def of_clerk(self, staff_no: str) -> list[str]:
        return [h for h, r in self.rows.items() if r.staff_no == staff_no]
