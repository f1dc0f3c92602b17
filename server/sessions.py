"""Who is asking: device tokens from the configuration, and sign-in sessions for staff."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from bianmin.config import Config
from server.lockout import Lockout
from server.store import SessionRow


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


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Sessions:
    def __init__(self, config: Config, rows: list[SessionRow]) -> None:
        self.config = config
        self.rows: dict[str, SessionRow] = {r.token_hash: r for r in rows}
        self.lockout = Lockout(config.staff)

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

    def add(self, row: SessionRow) -> None:
        self.rows[row.token_hash] = row

    def drop(self, hashes: list[str]) -> None:
        for h in hashes:
            self.rows.pop(h, None)

    def of_clerk(self, staff_no: str) -> list[str]:
        return [h for h, r in self.rows.items() if r.staff_no == staff_no]
