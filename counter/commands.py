"""Running a clerk's commands against the hub: one at a time, never retried behind the
clerk's back, every refusal turned into a sentence the clerk can act on.

A command sent while the live connection is down is refused before it leaves; one cut off
on the way is reported as unconfirmed, and the screen shows the truth once the live feed has
resynced, so nothing is done twice. A 401 means the clerk's session at this window is over
(taken over, or signed in elsewhere): the app goes back to sign-in.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from bianmin.client import HubError, HubUnavailable

log = logging.getLogger("bianmin.counter")

T = TypeVar("T")

OFFLINE = "与服务器的连接已断开，正在重连…本次操作未执行，请连接恢复后再试。"
CUT_OFF = (
    "与服务器的连接中断，未能确认本次操作是否完成。连接恢复后屏幕会显示实际状态，请核对后再操作。"
)
BUSY = "正在处理上一个操作，请稍候。"
HUB_BUSY = "服务器繁忙，本次操作未执行，请稍后再试。"
FAILED = "操作未完成：终端内部出错，已记录。请重试，或联系中心办公室。"


@dataclass(frozen=True, slots=True)
class Result(Generic[T]):
    value: T | None = None
    error: str = ""
    status: int = 0  # the hub's HTTP status when it refused; 0 for faults on this side

    @property
    def ok(self) -> bool:
        return not self.error


class Commands:
    def __init__(self, connected: Callable[[], bool], session_ended: Callable[[str], None]) -> None:
        self._connected = connected
        self._session_ended = session_ended
        self.busy = False

    async def run(self, make: Callable[[], Awaitable[T]]) -> Result[T]:
        """Send a command, unless another is still on its way."""
        if self.busy:
            return Result(error=BUSY)
        self.busy = True
        try:
            return await self.read(make)
        finally:
            self.busy = False

    async def read(self, make: Callable[[], Awaitable[T]]) -> Result[T]:
        """Ask the hub something (or send a command) while the live feed is in step."""
        if not self._connected():
            return Result(error=OFFLINE)
        try:
            return Result(value=await make())
        except HubUnavailable as err:
            # A 5xx means the hub answered and did nothing; a cut connection proves nothing.
            return Result(error=HUB_BUSY if err.detail.startswith("HTTP") else CUT_OFF)
        except HubError as err:
            if err.status == 401:
                self._session_ended(err.message)
            return Result(error=err.message, status=err.status)
        except Exception:
            log.exception("command failed on this terminal")
            return Result(error=FAILED)
