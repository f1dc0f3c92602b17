"""Wrong PINs: counted per staff number from any address, with a brake per address.

Five wrong PINs for one staff number lock it for five minutes, wherever they were typed, so a
second terminal gets no fresh guesses; after that each further wrong PIN locks it again until
an hour passes without one, or the right PIN is given. An address that gets many sign-ins
wrong, across any staff numbers, is locked for a while too.

A lock on a staff number also keeps its clerk out: it stays short, and the refusal says to
call the office. Memory stays bounded: only staff numbers in the configuration are counted
(a made-up one has nothing to protect, and the address brake still counts it), addresses are
capped, and records are forgotten an hour after their last failure.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NoReturn

from bianmin.domain.errors import Conflict, Unauthorized

STAFF_FAILURES = 5
STAFF_LOCK = timedelta(minutes=5)
ADDRESS_FAILURES = 20
ADDRESS_LOCK = timedelta(minutes=15)
FORGET = timedelta(hours=1)  # a record with no failure for this long is dropped
MAX_ADDRESSES = 4096


@dataclass(slots=True)
class Failures:
    count: int
    last: datetime
    locked_until: datetime | None = None


def minutes_left(until: datetime, now: datetime) -> int:
    return max(1, math.ceil((until - now).total_seconds() / 60))


class Lockout:
    def __init__(self, staff_numbers: Collection[str]) -> None:
        self.known = staff_numbers
        self.staff: dict[str, Failures] = {}
        self.addresses: dict[str, Failures] = {}  # least recently failed first

    def __len__(self) -> int:
        return len(self.staff) + len(self.addresses)

    def begin(self, staff_no: str, address: str, now: datetime) -> None:
        """Before the PIN is looked at: refuse while the staff number or the address is
        locked, else count the attempt as a failure until `succeeded` says otherwise (so a
        burst of sign-ins at once cannot all be checked before the first is counted)."""
        self._refuse_if_locked(staff_no, address, now)
        _count(self.addresses, address, now, ADDRESS_FAILURES, ADDRESS_LOCK)
        if staff_no in self.known:
            _count(self.staff, staff_no, now, STAFF_FAILURES, STAFF_LOCK)
        self._prune(now)

    def failed(self, staff_no: str, address: str, now: datetime) -> NoReturn:
        """The PIN was wrong (already counted): refuse, saying so if this locked either."""
        self._refuse_if_locked(staff_no, address, now)
        raise Unauthorized("bad-credentials", "工号或密码不正确，请重新输入。")

    def succeeded(self, staff_no: str, address: str) -> None:
        self.staff.pop(staff_no, None)
        # The address keeps its earlier failures: one right PIN must not wipe a run of
        # guesses at other staff numbers.
        held = self.addresses.get(address)
        if held is not None:
            held.count -= 1
            if held.count < ADDRESS_FAILURES:
                held.locked_until = None
            if held.count <= 0:
                del self.addresses[address]

    def _refuse_if_locked(self, staff_no: str, address: str, now: datetime) -> None:
        held = self.addresses.get(address)
        if held and held.locked_until and now < held.locked_until:
            raise Conflict("locked", f"本终端登录失败次数过多，请 "
                           f"{minutes_left(held.locked_until, now)} 分钟后再试，"
                           "或联系中心办公室。")
        held = self.staff.get(staff_no)
        if held and held.locked_until and now < held.locked_until:
            raise Conflict("locked", f"工号 {staff_no} 密码错误次数过多，已暂停登录，请 "
                           f"{minutes_left(held.locked_until, now)} 分钟后再试；"
                           "如非本人操作，请联系中心办公室。")

    def _prune(self, now: datetime) -> None:
        for records in (self.staff, self.addresses):
            # Failures are re-inserted when counted, so the oldest are at the front.
            while records:
                first = next(iter(records))
                if now - records[first].last < FORGET and (
                        records is self.staff or len(records) <= MAX_ADDRESSES):
                    break
                del records[first]


def _count(records: dict[str, Failures], key: str, now: datetime, limit: int,
           lock: timedelta) -> None:
    held = records.pop(key, None)
    if held is None or now - held.last >= FORGET:
        held = Failures(0, now)
    held.count += 1
    held.last = now
    if held.count >= limit:
        held.locked_until = now + lock
    records[key] = held
