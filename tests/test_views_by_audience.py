"""What each audience sees is a list of fields, and nothing else reaches it.

A day of the hall is played through the real API so that every kind of event happens, with
staff's free text and residents' personal data made recognisable. Then every live message each
audience got, and every read route as each audience, are checked against the lists: the public
(kiosk, display, rating pad, anyone) and clerks never see what staff wrote or personal data,
nor anything about a complaint; only the office hears of everything.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from bianmin.client import new_request_id
from bianmin.domain import events as ev
from bianmin.wire import live
from bianmin.wire.events import PublicEvent, StaffEvent
from bianmin.wire.hall import WindowPublic, WindowStaff
from bianmin.wire.tickets import TicketPublic, TicketStaff
from server.present.events import CLERK, OFFICE, PUBLIC
from tests.hubfixture import DISPLAY, KIOSK, PIN, Clock, RunningHub, raw, running_hub

RATING = "demo-rating"
START = datetime(2026, 12, 1, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
# What staff write, each recognisable: none of it may reach the public or a clerk's feed.
WRITTEN = {
    "pause": "暂停甲家里孩子生病", "finish_note": "办结乙备注", "returned": "退回丙理由",
    "authority": "上报丁县局", "cancel": "取消戊原因", "urgent": "加急己原因",
    "kept": "办结庚已告知", "handling": "处理辛已核实", "answer": "答复壬已致歉",
    "complaint": "投诉癸态度差", "booking_note": "预约子腿脚不便", "visit": "上门丑已办",
    "rating": "评价寅太慢", "booking_cancel": "预约辰取消", "phone_rating": "手机评价午太慢",
    "call_back": "回访未群众满意", "rectify": "整改申已培训", "case_closed": "办结酉已归档",
    "why": "更正午按错", "decision": "驳回未不予更正", "move": "改排申取错号",
    "consulted": "答复酉已告知", "corrected_note": "更正戌备注", "join": "联办午需社保",
}
DEVICE_DETAIL = "打印卯卡纸"  # what a device reports of its printer: staff may read it
TRANSFER_NOTE = "转办巳需核实"  # for the clerks who take the ticket on: the staff view only
PERSONAL = ("王小明", "13812345678", "赵奶奶", "13700001111", "青溪镇东村12号")
FIELDS_OF: dict[type, set[str]] = {t: set(t.__struct_fields__) for t in (
    TicketPublic, TicketStaff, WindowPublic, WindowStaff, PublicEvent, StaffEvent)}
FIELDS_OF[live.PublicEventMessage] = {"type", *live.PublicEventMessage.__struct_fields__}


def test_every_kind_of_event_is_on_each_list_and_each_field_exists() -> None:
    for audience, fields_of, view in ((PUBLIC, "public", PublicEvent),
                                      (CLERK, "clerk", StaffEvent),
                                      (OFFICE, "office", StaffEvent)):
        assert set(audience) == set(ev.EVENT_TYPES), fields_of
        for kind, fields in audience.items():
            names = {f for f in ev.EVENT_TYPES[kind].__dataclass_fields__}
            assert set(fields or ()) <= names & FIELDS_OF[view], (fields_of, kind)
    for kind in ev.EVENT_TYPES:
        if kind.startswith(("complaint-", "case-")):
            assert PUBLIC[kind] is None and CLERK[kind] is None, kind
        for private in ("reason", "note", "authority", "result", "phone", "name", "address",
                        "why", "decision", "answer"):
            assert private not in (PUBLIC[kind] or ()), (kind, private)
            if kind != "clerk-signed-out":  # the hub's own word for why (taken over...)
                assert private not in (CLERK[kind] or ()), (kind, private)


async def play_a_day(hub: RunningHub, clock: Clock) -> dict[str, str]:
    """Every kind of event, once at least; returns ids to read back."""
    async with hub.client(KIOSK) as kiosk, hub.client(RATING) as pad, \
            await hub.clerk(1) as c1, await hub.clerk(3) as c3, hub.client() as o:
        await o.login("9001", PIN)
        day = START.date().isoformat()
        booked = await o.json("POST", "/api/appointments", {
            "matter": "A", "day": day, "slot": "10:00-11:00", "name": "王小明",
            "phone": "13812345678", "note": WRITTEN["booking_note"]})
        visit = await o.json("POST", "/api/appointments", {
            "matter": "C", "day": day, "slot": "14:00-15:00", "name": "赵奶奶",
            "phone": "13700001111", "home_visit": True, "address": "青溪镇东村12号"})
        spare = await o.json("POST", "/api/appointments", {
            "matter": "A", "day": day, "slot": "15:00-16:00", "name": "王小明",
            "phone": "13812345678"})
        await o.json("POST", f"/api/appointments/{spare['code']}/cancel",
                     {"reason": WRITTEN["booking_cancel"]})
        await o.json("POST", f"/api/appointments/{visit['code']}/assign", {"clerk": "1004"})
        await o.json("POST", f"/api/appointments/{visit['code']}/complete",
                     {"note": WRITTEN["visit"]})
        checked = await kiosk.check_in(new_request_id(), code=booked["code"])
        tickets = [await kiosk.issue_ticket("A", new_request_id()) for _ in range(6)]
        await kiosk.report_printer("paper-out", DEVICE_DETAIL)
        await c1.pause(1, WRITTEN["pause"])
        await c1.resume(1)
        first = await c1.call_next(1)  # the appointment comes first
        await c1.recall(first.id)
        await c1.start(first.id)
        await c1.transfer(first.id, TRANSFER_NOTE, to_window=3)
        clock.advance(minutes=25)
        await hub.hub.tick()  # the transfer has stalled: its owner is told
        again = await c3.call_next(3)
        await c3.start(again.id)
        await c3.finish(again.id, "immediate", note=WRITTEN["finish_note"])
        await pad.json("POST", f"/api/tickets/{again.id}/rating",
                       {"window": 3, "rating": "unsatisfied", "reason": WRITTEN["rating"],
                        "points": ["服务态度"], "phone": "13812345678"})
        second = await c1.call_next(1)
        await c1.start(second.id)
        promised = (START + timedelta(days=2)).date()
        await c1.finish(second.id, "promised", promised_date=promised)
        await c1.keep_promise(second.id, WRITTEN["kept"])
        third = await c1.call_next(1)
        await c1.start(third.id)
        await c1.finish(third.id, "returned", reason=WRITTEN["returned"])
        fourth = await c1.call_next(1)
        await c1.start(fourth.id)
        await c1.finish(fourth.id, "escalated", authority=WRITTEN["authority"],
                        authority_days=20)
        # 更正: one approved (the outcome put right), one refused with the office's words.
        approved = await c1.json("POST", f"/api/tickets/{fourth.id}/correction", {
            "outcome": "immediate", "why": WRITTEN["why"], "note": WRITTEN["corrected_note"]})
        await o.json("POST", f"/api/corrections/{approved['id']}/approve", {})
        asked = await c1.json("POST", f"/api/tickets/{third.id}/correction", {
            "outcome": "supplement", "missing_materials": ["居民身份证"], "why": WRITTEN["why"]})
        await o.json("POST", f"/api/corrections/{asked['id']}/refuse",
                     {"decision": WRITTEN["decision"]})
        # A home visit started at the counter and finished there as a consultation.
        went = await o.json("POST", "/api/appointments", {
            "matter": "A", "day": day, "slot": "14:00-15:00", "name": "赵奶奶",
            "phone": "13700001111", "home_visit": True, "address": "青溪镇东村12号"})
        await o.json("POST", f"/api/appointments/{went['code']}/assign", {"clerk": "1001"})
        visiting = await c1.start_home_visit(went["code"])
        await c1.finish(visiting.id, "consultation", answer=WRITTEN["consulted"])
        joined = await c1.call_next(1)
        await c1.start(joined.id)
        await c1.join_matters(joined.id, ["B"], WRITTEN["join"])
        await c1.finish(joined.id, "immediate")  # and it waits for 社保医保 (bundle-moved-on)
        missed = await c1.call_next(1)
        for _ in range(2):
            await c1.recall(missed.id)
        await c1.no_show(missed.id)
        await c1.requeue(missed.id)
        await o.json("POST", f"/api/tickets/{missed.id}/urgent", {"reason": WRITTEN["urgent"]})
        called = await c1.call_next(1)
        await c1.cancel(called.id, WRITTEN["cancel"])
        lodged = await kiosk.json("POST", "/api/complaints", {
            "reason": WRITTEN["complaint"], "window": 1, "clerk": "1001",
            "phone": "13812345678", "request_id": new_request_id()})
        await o.json("POST", f"/api/complaints/{lodged['number']}/handle",
                     {"note": WRITTEN["handling"]})
        await o.json("POST", f"/api/complaints/{lodged['number']}/answer",
                     {"result": WRITTEN["answer"]})
        notice = await o.json("POST", "/api/notices", {
            "title": "王小明的事项", "text": "王小明（13812345678）的事项已办结",
            "names": ["王小明"], "show_until": day})
        await o.json("POST", f"/api/notices/{notice['id']}/withdraw")
        # 好差评: a bad rating from a phone too; each opens a case the office follows up.
        status, _ = await raw(hub, "POST", f"/api/tickets/{third.id}/rating", body=json.dumps(
            {"rating": "very-unsatisfied", "points": ["服务效率"],
             "reason": WRITTEN["phone_rating"], "phone": "13700001111"}))
        assert status == 201
        cases = {c["ticket"]: c["id"] for c in await o.json("GET", "/api/cases")}
        case = cases[again.id]
        await o.json("POST", f"/api/cases/{case}/assign", {"assignee": ""})
        await o.json("POST", f"/api/cases/{case}/call-back",
                     {"reached": True, "note": WRITTEN["call_back"]})
        await o.json("POST", f"/api/cases/{case}/rectify", {"note": WRITTEN["rectify"]})
        await o.json("POST", f"/api/cases/{case}/close", {"note": WRITTEN["case_closed"]})
        await hub.hub.tick()  # the other case is due soon (two working days): flagged
        await c3.json("POST", "/api/logout", {"reason": ""})
        left = await kiosk.issue_ticket("B", new_request_id())
        await o.json("POST", f"/api/tickets/{left.id}/move",  # 导服台
                     {"to_matter": "C", "reason": WRITTEN["move"]})
        clock.advance(days=1)  # midnight: what still waits expires
        await hub.hub.tick()
        return {"ticket": tickets[-1].id, "checked": checked.id, "left": left.id,
                "code": booked["code"], "visit": visit["code"], "number": lodged["number"],
                "query": lodged["code"], "notice": notice["id"], "again": again.id,
                "case": case}


def kinds_in(frames: list[dict[str, Any]]) -> set[str]:
    return {f["kind"] for f in frames if f.get("type") == "event"}


def secrets_in(text: str) -> list[str]:
    found = [w for w in WRITTEN.values() if w in text]
    return found + [p for p in PERSONAL if p in text]


def check_public(frame: dict[str, Any]) -> None:
    if frame["type"] != "event":
        return
    assert set(frame) <= FIELDS_OF[live.PublicEventMessage]
    assert set(frame["event"]) <= set(PUBLIC[frame["kind"]] or ()), frame["kind"]
    assert set(frame["ticket"] or {}) <= FIELDS_OF[TicketPublic], frame["kind"]
    assert set(frame["window"] or {}) <= FIELDS_OF[WindowPublic], frame["kind"]


def check_clerk(frame: dict[str, Any]) -> None:
    if frame["type"] != "event":
        return
    kind = frame["kind"]
    assert set(frame["event"]) <= set(CLERK[kind] or ()), kind
    assert set(frame["ticket"] or {}) <= FIELDS_OF[TicketStaff], kind
    assert set(frame["window"] or {}) <= FIELDS_OF[WindowPublic], kind


def without_transfer_notes(frame: dict[str, Any]) -> dict[str, Any]:
    """A clerk's frame with the transfer note taken out of the staff ticket view, the one
    place it may be (the clerks who take the ticket on read it there)."""
    out: dict[str, Any] = json.loads(json.dumps(frame))
    for holder in _tickets(out):
        if holder.get("note") == TRANSFER_NOTE:
            holder["note"] = ""
    return out


def _tickets(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, dict):
        if "number" in data and "note" in data:
            yield data
        for v in data.values():
            yield from _tickets(v)
    elif isinstance(data, list):
        for v in data:
            yield from _tickets(v)


def short_cases(toml: str) -> str:
    """Bad ratings' cases due in two working days: one is flagged within the played day."""
    assert "case_working_days = 15" in toml
    return toml.replace("case_working_days = 15", "case_working_days = 2")


@pytest.fixture
async def day_hub(tmp_path: Any) -> Any:
    clock = Clock(START)
    async with running_hub(tmp_path, clock=clock, edit=short_cases) as hub:
        yield hub, clock


async def test_no_field_outside_its_audience_goes_out(day_hub: tuple[RunningHub, Clock]
                                                      ) -> None:
    hub, clock = day_hub
    async with await hub.clerk(2) as watcher, hub.client() as office:
        await office.login("9001", PIN)
        tokens = {"public": DISPLAY, "clerk": watcher.token, "office": office.token}
        frames: dict[str, list[dict[str, Any]]] = {a: [] for a in tokens}
        url = hub.url.replace("http", "ws") + "/api/ws"
        async with aiohttp.ClientSession() as s:
            sockets = {a: await s.ws_connect(f"{url}?token={t}") for a, t in tokens.items()}

            async def read(audience: str) -> None:
                async for msg in sockets[audience]:
                    frames[audience].append(json.loads(msg.data))

            readers = [asyncio.create_task(read(a)) for a in sockets]
            ids = await play_a_day(hub, clock)
            last = hub.hub.seq
            for audience in sockets:
                while not frames[audience] or frames[audience][-1].get("seq") != last:
                    await asyncio.sleep(0.02)
            for ws in sockets.values():
                await ws.close()
            await asyncio.gather(*readers, return_exceptions=True)
        # Every kind happened, the office heard of each, and every audience got every number.
        assert kinds_in(frames["office"]) == set(ev.EVENT_TYPES)
        for audience, got in frames.items():
            seqs = [f["seq"] for f in got if f["type"] in ("event", "skipped")]
            assert seqs == list(range(seqs[0], last + 1)), audience
        assert not any(k.startswith(("complaint-", "case-")) for k in kinds_in(frames["clerk"]))
        for frame in frames["public"]:
            check_public(frame)
            assert secrets_in(json.dumps(frame, ensure_ascii=False)) == [], frame
            assert TRANSFER_NOTE not in json.dumps(frame, ensure_ascii=False)
            assert DEVICE_DETAIL not in json.dumps(frame, ensure_ascii=False)
        for frame in frames["clerk"]:
            check_clerk(frame)
            seen = json.dumps(without_transfer_notes(frame), ensure_ascii=False)
            assert secrets_in(seen) == [] and TRANSFER_NOTE not in seen, frame
        office_blob = json.dumps(frames["office"], ensure_ascii=False)
        assert WRITTEN["pause"] in office_blob and "王小明" in office_blob  # theirs to see
        assert ids["query"] not in office_blob  # the complaint's query code is the resident's

        # Every read route, as every audience: nothing private outside the office.
        status, doc = await raw(hub, "GET", "/api/openapi.json")
        assert status == 200
        values = {"{ticket}": ids["again"], "{window}": "1", "{code}": ids["code"],
                  "{number}": ids["number"], "{notice}": ids["notice"], "{clip}": "qing",
                  "{name}": "main.js", "{case}": ids["case"]}
        checked = 0
        for path, ops in doc["paths"].items():
            if "get" not in ops or path in ("/api/ws", "/api/openapi.json"):
                continue
            for name, value in values.items():
                path = path.replace(name, value)
            for audience, token in (("none", None), ("kiosk", KIOSK), ("display", DISPLAY),
                                    ("rating", RATING), ("clerk", watcher.token)):
                status, body = await raw(hub, "GET", path, token=token)
                text = json.dumps(body, ensure_ascii=False) if body is not None else ""
                if audience == "clerk":
                    text = json.dumps(without_transfer_notes(body), ensure_ascii=False) \
                        if body is not None else ""
                assert secrets_in(text) == [] and WRITTEN["pause"] not in text, (
                    audience, path, status)
                checked += 1
        assert checked > 60
        # The complainant, with the code, gets the state and the answer; nothing else.
        status, mine = await raw(hub, "GET",
                                 f"/api/complaints/{ids['number']}?code={ids['query']}")
        assert status == 200 and mine["result"] == WRITTEN["answer"]
        assert WRITTEN["complaint"] not in json.dumps(mine, ensure_ascii=False)


async def test_a_pause_reason_stays_with_its_clerk_and_the_office(hub: RunningHub) -> None:
    """The leak the issue found: a clerk's own reason went to every kiosk and display."""
    async with await hub.clerk(1) as c1, await hub.clerk(2) as c2, hub.client() as office:
        await office.login("9001", PIN)
        mine = await c1.pause(1, WRITTEN["pause"])
        assert mine.paused_reason == WRITTEN["pause"] and mine.pause_note == ""
        for token in (KIOSK, DISPLAY, RATING, c2.token):
            status, hall = await raw(hub, "GET", "/api/hall", token=token)
            assert status == 200 and WRITTEN["pause"] not in json.dumps(hall, ensure_ascii=False)
            (one,) = [w for w in hall["windows"] if w["number"] == 1]
            assert one["status"] == "paused" and "paused_reason" not in one
        status, hall = await raw(hub, "GET", "/api/hall", token=office.token)
        (one,) = [w for w in hall["windows"] if w["number"] == 1]
        assert one["paused_reason"] == WRITTEN["pause"]
        await c1.resume(1)
        usual = await c1.pause(1, "午间休息")  # a usual reason may be said to the hall
        status, hall = await raw(hub, "GET", "/api/hall", token=DISPLAY)
        (one,) = [w for w in hall["windows"] if w["number"] == 1]
        assert usual.pause_note == one["pause_note"] == "午间休息"


async def test_a_complaint_names_nobody_on_the_hall_or_clerk_feeds(hub: RunningHub) -> None:
    """The other leak: a lodged complaint's window and clerk went to the display's feed."""
    async with await hub.clerk(2) as clerk, hub.client() as office:
        await office.login("9001", PIN)
        url = hub.url.replace("http", "ws") + "/api/ws"
        async with aiohttp.ClientSession() as s:
            feeds = [await s.ws_connect(f"{url}?token={t}")
                     for t in (DISPLAY, clerk.token, office.token)]
            for ws in feeds:
                assert (await ws.receive_json())["type"] == "snapshot"
            async with hub.client(KIOSK) as kiosk:
                await kiosk.json("POST", "/api/complaints", {
                    "reason": WRITTEN["complaint"], "window": 3, "clerk": "1003"})
            got = [await ws.receive_json() for ws in feeds]
            for ws in feeds:
                await ws.close()
    hall_msg, clerk_msg, office_msg = got
    assert hall_msg == {"type": "skipped", "seq": office_msg["seq"]} == clerk_msg
    assert office_msg["kind"] == "complaint-lodged"
    assert office_msg["event"]["clerk"] == "1003"
    assert not re.search("李娜|1003", json.dumps(hall_msg, ensure_ascii=False))
