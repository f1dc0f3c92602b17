"""County staff sign in with their staff number and PIN (salted hashes in `county.toml`, as
the halls keep theirs: `bianmin/pins.py`). A session is a random token; the database keeps
only its hash, so a stolen backup signs nobody in, and sessions outlive a restart of the
service. A session unused for `session_idle_minutes` has ended. Five wrong PINs in a row lock
a staff number for five minutes.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bianmin.domain.errors import TooMany, Unauthorized
from bianmin.pins import check_pin, hash_pin
from county.config import CountyConfig, StaffEntry
from county.schema import S

Clock = Callable[[], datetime]
TRIES = 5
LOCKED = timedelta(minutes=5)
TOUCH = timedelta(minutes=1)  # last use written back at most this often
_NOBODY = hash_pin("0", salt="nobody")  # checked for unknown numbers too: same time taken


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class Sessions:
    config: CountyConfig
    pool: Any  # asyncpg.Pool
    clock: Clock
    _failures: dict[str, tuple[int, datetime]] = field(default_factory=dict)

    async def login(self, staff_no: str, pin: str) -> tuple[str, StaffEntry]:
        now = self.clock()
        tries, until = self._failures.get(staff_no, (0, now))
        if tries >= TRIES and now < until:
            minutes = max(1, int((until - now).total_seconds() // 60) + 1)
            raise TooMany("locked", f"密码错误次数过多，请 {minutes} 分钟后再试。")
        staff = self.config.staff.get(staff_no)
        good = await asyncio.to_thread(check_pin, pin, staff.pin_hash if staff else _NOBODY)
        if staff is None or not good:
            if staff is not None:  # an unknown number has nothing to lock
                self._failures[staff_no] = (tries + 1 if tries < TRIES else 1, now + LOCKED)
            raise Unauthorized("bad-pin", "工号或密码不正确，请重新输入。")
        self._failures.pop(staff_no, None)
        token = secrets.token_urlsafe(24)
        async with self.pool.acquire() as conn:
            await conn.execute(
                f"INSERT INTO {S}.staff_sessions (token_hash, staff_no, created_at, last_seen)"
                " VALUES ($1, $2, $3, $3)", token_hash(token), staff_no, now)
        return token, staff

    async def principal(self, token: str | None) -> StaffEntry:
        if not token:
            raise Unauthorized("login-required", "请先登录。")
        now = self.clock()
        idle = timedelta(minutes=self.config.session_idle_minutes)
        async with self.pool.acquire() as conn:
            r = await conn.fetchrow(
                f"SELECT staff_no, last_seen FROM {S}.staff_sessions WHERE token_hash = $1",
                token_hash(token))
            staff = self.config.staff.get(r["staff_no"]) if r else None
            if r is None or staff is None or now - r["last_seen"] > idle:
                if r is not None:
                    await conn.execute(
                        f"DELETE FROM {S}.staff_sessions WHERE token_hash = $1",
                        token_hash(token))
                raise Unauthorized("session-expired", "登录已失效，请重新登录。")
            if now - r["last_seen"] > TOUCH:
                await conn.execute(
                    f"UPDATE {S}.staff_sessions SET last_seen = $2 WHERE token_hash = $1",
                    token_hash(token), now)
        return staff

    async def logout(self, token: str) -> None:
        async with self.pool.acquire() as conn:
            await conn.execute(f"DELETE FROM {S}.staff_sessions WHERE token_hash = $1",
                               token_hash(token))
