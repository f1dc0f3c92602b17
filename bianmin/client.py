"""The async hub client the kiosk, counter and display share.

`HubClient` sends commands over HTTP as the wire's request types and decodes every answer into
the wire's view types (`bianmin.wire`); every refusal becomes `HubError` (with the hub's
Chinese message) and every network fault `HubUnavailable`. `LiveFeed` follows the hub's
WebSocket: a snapshot, then events in order; when the connection drops it reconnects with
backoff and resumes from the last sequence number it saw, or takes a fresh snapshot. Any answer
from the hub to its client wakes a feed waiting out its backoff, so it is back as soon as the
hub is (a terminal that wants that sooner asks the hub something now and then while cut off).
"""

from __future__ import annotations

import asyncio
import random
import uuid
import weakref
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, Self, TypeVar

import aiohttp
import msgspec

from bianmin.domain.types import Outcome, Priority
from bianmin.wire import requests as rq
from bianmin.wire.base import ErrorBody, encode
from bianmin.wire.devices import Device, Done, Me, PrinterRecorded, SignedIn
from bianmin.wire.events import HistoryEntry
from bianmin.wire.hall import WindowQueue, WindowStaff
from bianmin.wire.office import CheckedIn, ComplaintOptions, HomeVisit, LodgedPublic
from bianmin.wire.tickets import (
    Correction,
    Promise,
    Step,
    Supervised,
    TicketPublic,
    TicketStaff,
)

UNAVAILABLE_MESSAGE = "系统连接中，请稍候。"
T = TypeVar("T")
M = TypeVar("M")


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
        self._feeds: weakref.WeakSet[LiveFeed[Any]] = weakref.WeakSet()

    async def __aenter__(self) -> Self:
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
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    async def request(self, method: str, path: str, answer: type[T],
                      body: msgspec.Struct | None = None) -> T:
        """Send `body`, decode the answer as `answer`."""
        try:
            async with self.session.request(
                method, self.base_url + path, headers=self._headers(),
                data=None if body is None else encode(body),
            ) as resp:
                raw = await resp.read()
                status = resp.status
        except (aiohttp.ClientError, TimeoutError, OSError) as err:
            raise HubUnavailable(f"{type(err).__name__}: {err}") from err
        if status in (502, 503, 504):
            raise HubUnavailable(f"HTTP {status}")
        for feed in self._feeds:  # the hub answers again: no feed waits out its backoff
            feed.wake()
        if status >= 400:
            try:
                error = msgspec.json.decode(raw, type=ErrorBody).error
            except (msgspec.DecodeError, msgspec.ValidationError):
                raise HubError(status, "error", f"操作未成功（{status}）。") from None
            raise HubError(status, error.code, error.message)
        try:
            return msgspec.json.decode(raw, type=answer)
        except (msgspec.DecodeError, msgspec.ValidationError) as err:
            raise HubError(status, "bad-answer", "系统答复无法识别，请联系中心办公室。") from err

    # ----- sessions and devices ------------------------------------------------------------

    async def login(self, staff_no: str, pin: str, window: int | None = None,
                    *, force: bool = False) -> SignedIn:
        signed = await self.request("POST", "/api/login", SignedIn,
                                    rq.Login(staff_no=staff_no, pin=pin, window=window,
                                             force=force))
        self.token = signed.token
        return signed

    async def logout(self, reason: str = "") -> Done:
        done = await self.request("POST", "/api/logout", Done, rq.Logout(reason=reason))
        self.token = None
        return done

    async def me(self) -> Me:
        return await self.request("GET", "/api/me", Me)

    async def device(self) -> Device:
        return await self.request("GET", "/api/devices/me", Device)

    async def report_printer(self, status: rq.PrinterStatus, detail: str = ""
                             ) -> PrinterRecorded:
        return await self.request("POST", "/api/devices/printer-status", PrinterRecorded,
                                  rq.PrinterReport(status=status, detail=detail))

    # ----- reading ---------------------------------------------------------------------------

    async def hall(self, view: type[T]) -> T:
        """The live hall as `view` (`HallPublic`, `HallClerk` or `HallOffice`, as this
        client's token may see it)."""
        return await self.request("GET", "/api/hall", view)

    async def ticket(self, ticket_id: str) -> TicketPublic:
        return await self.request("GET", f"/api/tickets/{ticket_id}", TicketPublic)

    async def window_queue(self, window: int, limit: int = 10) -> WindowQueue:
        return await self.request("GET", f"/api/windows/{window}/queue?limit={limit}",
                                  WindowQueue)

    async def history(self, ticket_id: str) -> list[HistoryEntry]:
        """Every event of a ticket, in order (staff only)."""
        return await self.request("GET", f"/api/tickets/{ticket_id}/history",
                                  list[HistoryEntry])

    async def supervised(self) -> list[Supervised]:
        return await self.request("GET", "/api/clerks/me/supervised", list[Supervised])

    async def promises(self) -> list[Promise]:
        """承诺件 not yet kept, soonest due first, each with `promise_status` (ok, due-soon,
        overdue) and `days_left`; a clerk gets those it received first or finished."""
        return await self.request("GET", "/api/promises", list[Promise])

    # ----- commands --------------------------------------------------------------------------

    async def issue_ticket(self, matter: str, request_id: str,
                           priority: Priority | str = Priority.NORMAL) -> TicketPublic:
        """Issue a ticket. Retrying with the same `request_id` returns the same ticket."""
        return await self.request(
            "POST", "/api/tickets", TicketPublic,
            rq.IssueTicket(matter=matter, priority=Priority(priority), request_id=request_id))

    async def check_in(self, request_id: str, *, code: str = "", phone_tail: str = "",
                       surname: str = "") -> CheckedIn:
        """Check an appointment in by its code, or by the phone's last digits and the surname;
        the hub issues a ticket of appointment class, with the appointment (masked) in it.
        Retrying with the same `request_id` returns the same ticket."""
        body = rq.CheckIn(request_id=request_id, code=code) if code else rq.CheckIn(
            request_id=request_id, phone_tail=phone_tail, surname=surname)
        return await self.request("POST", "/api/appointments/check-in", CheckedIn, body)

    async def complaint_options(self) -> ComplaintOptions:
        """What a complaint can be about: windows, clerks, usual reasons, the complaint phone."""
        return await self.request("GET", "/api/complaints/options", ComplaintOptions)

    async def lodge_complaint(self, reason: str, *, window: int | None = None,
                              clerk: str | None = None, phone: str = "",
                              request_id: str = "") -> LodgedPublic:
        """Lodge a complaint or suggestion; the hub answers with its number and a message.
        Retrying with the same `request_id` returns the complaint already lodged."""
        return await self.request(
            "POST", "/api/complaints", LodgedPublic,
            rq.LodgeComplaint(reason=reason, window=window, clerk=clerk, phone=phone,
                              request_id=request_id))

    async def issue_bundle(self, bundle: str, request_id: str,
                           priority: Priority | str = Priority.NORMAL) -> TicketPublic:
        """One ticket for every step of a 一件事; retried like `issue_ticket`."""
        return await self.request(
            "POST", "/api/tickets", TicketPublic,
            rq.IssueTicket(bundle=bundle, priority=Priority(priority), request_id=request_id))

    async def call_next(self, window: int) -> Step:
        return await self.request("POST", f"/api/windows/{window}/call-next", Step)

    async def _step(self, ticket_id: str, step: str, body: msgspec.Struct | None = None
                    ) -> Step:
        return await self.request("POST", f"/api/tickets/{ticket_id}/{step}", Step, body)

    async def recall(self, ticket_id: str) -> Step:
        return await self._step(ticket_id, "recall")

    async def start(self, ticket_id: str) -> Step:
        return await self._step(ticket_id, "start")

    async def no_show(self, ticket_id: str) -> Step:
        return await self._step(ticket_id, "no-show")

    async def transfer(self, ticket_id: str, reason: str, *, to_window: int | None = None,
                       to_matter: str | None = None) -> Step:
        return await self._step(ticket_id, "transfer", rq.Transfer(
            reason=reason, to_window=to_window, to_matter=to_matter))

    async def join_matters(self, ticket_id: str, matters: list[str], reason: str) -> Step:
        """联办: add matters of other departments to the ticket being served."""
        return await self._step(ticket_id, "join", rq.JoinMatters(matters=matters, reason=reason))

    async def finish(self, ticket_id: str, outcome: Outcome | str, *,
                     promised_date: date | None = None, missing_materials: list[str] | None = None,
                     reason: str = "", authority: str = "", authority_days: int = 0,
                     answer: str = "", note: str = "") -> Step:
        return await self._step(ticket_id, "finish", rq.Finish(
            outcome=Outcome(outcome), promised_date=promised_date,
            missing_materials=missing_materials or [], reason=reason, authority=authority,
            authority_days=authority_days, answer=answer, note=note))

    async def ask_correction(self, ticket_id: str, asked: rq.AskCorrection) -> Correction:
        """Ask the office to correct a finished ticket's outcome (更正), saying why."""
        return await self.request("POST", f"/api/tickets/{ticket_id}/correction", Correction,
                                  asked)

    async def finished(self) -> list[TicketStaff]:
        """Tickets this clerk finished today, newest first: what it may ask to correct."""
        return await self.request("GET", "/api/clerks/me/finished", list[TicketStaff])

    async def corrections(self) -> list[Correction]:
        """Corrections asked (a clerk's own), newest first, with the office's decision."""
        return await self.request("GET", "/api/corrections", list[Correction])

    async def home_visits(self) -> list[HomeVisit]:
        """Today's and upcoming home visits assigned to this clerk, soonest first."""
        return await self.request("GET", "/api/clerks/me/home-visits", list[HomeVisit])

    async def start_home_visit(self, code: str) -> Step:
        """Set out on a home visit: its ticket is served at this clerk's window from now."""
        return await self.request("POST", f"/api/appointments/{code}/start", Step)

    async def make_urgent(self, ticket_id: str, reason: str) -> Step:
        return await self._step(ticket_id, "urgent", rq.Reason(reason=reason))

    async def cancel(self, ticket_id: str, reason: str = "") -> Step:
        return await self._step(ticket_id, "cancel", rq.Reason(reason=reason))

    async def requeue(self, ticket_id: str) -> Step:
        return await self._step(ticket_id, "requeue")

    async def keep_promise(self, ticket_id: str, note: str = "") -> Step:
        """承诺件办结: the promised matter is done; the hub records it late after its date."""
        return await self._step(ticket_id, "promise-kept", rq.Note(note=note))

    async def pause(self, window: int, reason: str) -> WindowStaff:
        return await self.request("POST", f"/api/windows/{window}/pause", WindowStaff,
                                  rq.Pause(reason=reason))

    async def resume(self, window: int) -> WindowStaff:
        return await self.request("POST", f"/api/windows/{window}/resume", WindowStaff)

    def live(self, messages: Any, **options: float) -> LiveFeed[Any]:
        """Follow the hub; `messages` is this client's audience's union
        (`bianmin.wire.live.PublicMessage`, `ClerkMessage` or `OfficeMessage`)."""
        feed: LiveFeed[Any] = LiveFeed(self, messages, **options)
        self._feeds.add(feed)
        return feed


@dataclass(frozen=True, slots=True)
class Connection:
    """The feed's own news, between the hub's messages: connected or not, and why."""

    connected: bool
    detail: str = ""
    unauthorized: bool = False  # the hub refused the token: signing in again may help


class LiveFeed(Generic[M]):
    """The hub's messages (of the union `messages`) as an async iterator that never ends by
    itself, with a `Connection` between them whenever the link comes or goes."""

    def __init__(self, client: HubClient, messages: type[M], *, min_backoff: float = 0.3,
                 max_backoff: float = 8.0, heartbeat: float = 10.0) -> None:
        self.client = client
        self.decoder: msgspec.json.Decoder[M] = msgspec.json.Decoder(messages)
        self.min_backoff, self.max_backoff = min_backoff, max_backoff
        self.heartbeat = heartbeat
        self.seq: int | None = None
        self.connected = False
        self._stop = asyncio.Event()
        self._wake = asyncio.Event()

    def stop(self) -> None:
        self._stop.set()

    def wake(self) -> None:
        """Try again now if waiting out a backoff (its client heard from the hub)."""
        if not self.connected:
            self._wake.set()

    def _url(self) -> str:
        url = self.client.base_url.replace("http://", "ws://", 1).replace("https://", "wss://", 1)
        url += f"/api/ws?token={self.client.token or ''}"
        if self.seq is not None:
            url += f"&since={self.seq}"
        return url

    async def __aiter__(self) -> AsyncIterator[M | Connection]:
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
                    yield Connection(True)
                    async for msg in ws:
                        if msg.type != aiohttp.WSMsgType.TEXT:
                            break
                        message = self.decoder.decode(msg.data)
                        seq = getattr(message, "seq", None)
                        if isinstance(seq, int):
                            self.seq = seq
                        yield message
                        if self._stop.is_set():
                            break
                    detail = f"closed ({ws.close_code})"
            except aiohttp.WSServerHandshakeError as err:
                detail = f"refused: HTTP {err.status}"
                if err.status in (401, 403):
                    self.connected = False
                    yield Connection(False, detail, unauthorized=True)
                    await self._sleep(self.max_backoff)
                    continue
            except (aiohttp.ClientError, TimeoutError, OSError, msgspec.DecodeError,
                    msgspec.ValidationError) as err:
                detail = f"{type(err).__name__}: {err}"
            if self._stop.is_set():
                break
            self.connected = False
            yield Connection(False, detail)
            await self._sleep(backoff * (0.8 + 0.4 * random.random()))
            backoff = min(self.max_backoff, backoff * 2)

    async def _sleep(self, seconds: float) -> None:
        """Wait `seconds`, or until stopped or woken."""
        waits = [asyncio.ensure_future(self._stop.wait()),
                 asyncio.ensure_future(self._wake.wait())]
        try:
            await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for w in waits:
                w.cancel()
            self._wake.clear()
