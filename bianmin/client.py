"""The async hub client the kiosk, counter and display share.

`HubClient` sends commands over HTTP and turns every refusal into `HubError` (with the hub's
Chinese message) and every network fault into `HubUnavailable`. `LiveFeed` follows the hub's
WebSocket: a snapshot, then events in order; when the connection drops it reconnects with
backoff and resumes from the last sequence number it saw, or takes a fresh snapshot.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import uuid
from collections.abc import AsyncIterator
from typing import Any, cast

import aiohttp

UNAVAILABLE_MESSAGE = "系统连接中，请稍候。"


class HubError(Exception):
    """The hub refused: `message` says why, in words a clerk or resident can act on."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message


class HubUnavailable(HubError):
    """The hub could not be reached, or did not answer in time. The command may be retried."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(0, "unavailable", UNAVAILABLE_MESSAGE)
        self.detail = detail


def new_request_id() -> str:
    return uuid.uuid4().hex


class HubClient:
    def __init__(self, base_url: str, token: str | None = None, *, timeout: float = 5.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> HubClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self.timeout)
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    async def request(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        try:
            async with self.session.request(
                method, self.base_url + path, json=body, headers=self._headers()
            ) as resp:
                text = await resp.text()
                status = resp.status
        except (aiohttp.ClientError, TimeoutError, OSError) as err:
            raise HubUnavailable(f"{type(err).__name__}: {err}") from err
        try:
            data = json.loads(text) if text else None
        except ValueError:
            data = None
        if status in (502, 503, 504):
            raise HubUnavailable(f"HTTP {status}")
        if status >= 400:
            error = data.get("error", {}) if isinstance(data, dict) else {}
            raise HubError(status, str(error.get("code", "error")),
                           str(error.get("message", f"操作未成功（{status}）。")))
        return data

    async def _object(self, method: str, path: str, body: dict[str, Any] | None = None
                      ) -> dict[str, Any]:
        """A request whose answer is one JSON object."""
        return cast(dict[str, Any], await self.request(method, path, body))

    # ----- sessions and devices ------------------------------------------------------------

    async def login(self, staff_no: str, pin: str, window: int | None = None,
                    *, force: bool = False) -> dict[str, Any]:
        body: dict[str, Any] = {"staff_no": staff_no, "pin": pin, "force": force}
        if window is not None:
            body["window"] = window
        data = await self._object("POST", "/api/login", body)
        self.token = data["token"]
        return data

    async def logout(self, reason: str = "") -> None:
        await self.request("POST", "/api/logout", {"reason": reason})
        self.token = None

    async def me(self) -> dict[str, Any]:
        return await self._object("GET", "/api/me")

    async def device(self) -> dict[str, Any]:
        return await self._object("GET", "/api/devices/me")

    async def report_printer(self, status: str, detail: str = "") -> None:
        await self.request("POST", "/api/devices/printer-status",
                           {"status": status, "detail": detail})

    # ----- reading ---------------------------------------------------------------------------

    async def hall(self) -> dict[str, Any]:
        return await self._object("GET", "/api/hall")

    async def ticket(self, ticket_id: str) -> dict[str, Any]:
        return await self._object("GET", f"/api/tickets/{ticket_id}")

    async def window_queue(self, window: int, limit: int = 10) -> dict[str, Any]:
        return await self._object("GET", f"/api/windows/{window}/queue?limit={limit}")

    async def history(self, ticket_id: str) -> list[dict[str, Any]]:
        """Every event of a ticket, in order (staff only)."""
        return cast(list[dict[str, Any]],
                    await self.request("GET", f"/api/tickets/{ticket_id}/history"))

    async def supervised(self) -> list[dict[str, Any]]:
        return cast(list[dict[str, Any]], await self.request("GET", "/api/clerks/me/supervised"))

    async def promises(self) -> list[dict[str, Any]]:
        """承诺件 not yet kept, soonest due first, each with `promise_status` (ok, due-soon,
        overdue) and `days_left`; a clerk gets those it received first or finished."""
        return cast(list[dict[str, Any]], await self.request("GET", "/api/promises"))

    # ----- commands --------------------------------------------------------------------------

    async def issue_ticket(self, matter: str, request_id: str, priority: str = "normal"
                           ) -> dict[str, Any]:
        """Issue a ticket. Retrying with the same `request_id` returns the same ticket."""
        return await self._object(
            "POST", "/api/tickets",
            {"matter": matter, "priority": priority, "request_id": request_id})

    async def check_in(self, request_id: str, *, code: str = "", phone_tail: str = "",
                       surname: str = "") -> dict[str, Any]:
        """Check an appointment in by its code, or by the phone's last digits and the surname;
        the hub issues a ticket of appointment class, with the appointment (masked) in it.
        Retrying with the same `request_id` returns the same ticket."""
        body: dict[str, Any] = {"request_id": request_id}
        if code:
            body["code"] = code
        else:
            body.update(phone_tail=phone_tail, surname=surname)
        return await self._object("POST", "/api/appointments/check-in", body)

    async def complaint_options(self) -> dict[str, Any]:
        """What a complaint can be about: windows, clerks, usual reasons, the complaint phone."""
        return await self._object("GET", "/api/complaints/options")

    async def lodge_complaint(self, reason: str, *, window: int | None = None,
                              clerk: str | None = None, phone: str = "",
                              request_id: str = "") -> dict[str, Any]:
        """Lodge a complaint or suggestion; the hub answers with its number and a message.
        Retrying with the same `request_id` returns the complaint already lodged."""
        return await self._object(
            "POST", "/api/complaints",
            {"reason": reason, "window": window, "clerk": clerk, "phone": phone,
             "request_id": request_id})

    async def call_next(self, window: int) -> dict[str, Any]:
        return await self._object("POST", f"/api/windows/{window}/call-next")

    async def _step(self, ticket_id: str, step: str, body: dict[str, Any] | None = None
                    ) -> dict[str, Any]:
        return await self._object("POST", f"/api/tickets/{ticket_id}/{step}", body or {})

    async def recall(self, ticket_id: str) -> dict[str, Any]:
        return await self._step(ticket_id, "recall")

    async def start(self, ticket_id: str) -> dict[str, Any]:
        return await self._step(ticket_id, "start")

    async def no_show(self, ticket_id: str) -> dict[str, Any]:
        return await self._step(ticket_id, "no-show")

    async def transfer(self, ticket_id: str, reason: str, *, to_window: int | None = None,
                       to_matter: str | None = None) -> dict[str, Any]:
        return await self._step(ticket_id, "transfer",
                                {"reason": reason, "to_window": to_window,
                                 "to_matter": to_matter})

    async def finish(self, ticket_id: str, outcome: str, **fields: Any) -> dict[str, Any]:
        return await self._step(ticket_id, "finish", {"outcome": outcome, **fields})

    async def make_urgent(self, ticket_id: str, reason: str) -> dict[str, Any]:
        return await self._step(ticket_id, "urgent", {"reason": reason})

    async def cancel(self, ticket_id: str, reason: str = "") -> dict[str, Any]:
        return await self._step(ticket_id, "cancel", {"reason": reason})

    async def requeue(self, ticket_id: str) -> dict[str, Any]:
        return await self._step(ticket_id, "requeue")

    async def keep_promise(self, ticket_id: str, note: str = "") -> dict[str, Any]:
        """承诺件办结: the promised matter is done; the hub records it late after its date."""
        return await self._step(ticket_id, "promise-kept", {"note": note})

    async def pause(self, window: int, reason: str) -> dict[str, Any]:
        return await self._object(
            "POST", f"/api/windows/{window}/pause", {"reason": reason})

    async def resume(self, window: int) -> dict[str, Any]:
        return await self._object("POST", f"/api/windows/{window}/resume")

    def live(self, **options: float) -> LiveFeed:
        return LiveFeed(self, **options)


class LiveFeed:
    """The hub's events as an async iterator that never ends by itself.

    Yields the hub's messages (`snapshot`, `resume`, `event`) and, between them, status
    messages of its own: `{"type": "connection", "connected": bool, "detail": str}`.
    """

    def __init__(self, client: HubClient, *, min_backoff: float = 0.3,
                 max_backoff: float = 8.0, heartbeat: float = 10.0) -> None:
        self.client = client
        self.min_backoff, self.max_backoff = min_backoff, max_backoff
        self.heartbeat = heartbeat
        self.seq: int | None = None
        self.connected = False
        self._stop = asyncio.Event()

    def stop(self) -> None:
        self._stop.set()

    def _url(self) -> str:
        url = self.client.base_url.replace("http://", "ws://", 1).replace("https://", "wss://", 1)
        url += f"/api/ws?token={self.client.token or ''}"
        if self.seq is not None:
            url += f"&since={self.seq}"
        return url

    async def __aiter__(self) -> AsyncIterator[dict[str, Any]]:
        backoff = self.min_backoff
        while not self._stop.is_set():
            detail = ""
            try:
                async with self.client.session.ws_connect(
                    self._url(), heartbeat=self.heartbeat, timeout=aiohttp.ClientWSTimeout(
                        ws_receive=None, ws_close=2.0)
                ) as ws:
                    self.connected = True
                    backoff = self.min_backoff
                    yield {"type": "connection", "connected": True, "detail": ""}
                    async for msg in ws:
                        if msg.type != aiohttp.WSMsgType.TEXT:
                            break
                        data = json.loads(msg.data)
                        if "seq" in data and data.get("type") in ("snapshot", "resume", "event"):
                            self.seq = int(data["seq"])
                        yield data
                        if self._stop.is_set():
                            break
                    detail = f"closed ({ws.close_code})"
            except aiohttp.WSServerHandshakeError as err:
                detail = f"refused: HTTP {err.status}"
                if err.status in (401, 403):
                    self.connected = False
                    yield {"type": "connection", "connected": False, "detail": detail,
                           "unauthorized": True}
                    await self._sleep(self.max_backoff)
                    continue
            except (aiohttp.ClientError, TimeoutError, OSError) as err:
                detail = f"{type(err).__name__}: {err}"
            if self._stop.is_set():
                break
            self.connected = False
            yield {"type": "connection", "connected": False, "detail": detail}
            await self._sleep(backoff * (0.8 + 0.4 * random.random()))
            backoff = min(self.max_backoff, backoff * 2)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), timeout=seconds)
