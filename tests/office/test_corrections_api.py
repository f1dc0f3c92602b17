"""Corrections, the front desk's moves and home visits through the hub's API: the history
keeps every step, the figures and their exports follow, refusals say what to do, and a
waiting correction survives a restart."""

from __future__ import annotations

import csv
import io
from typing import Any

import aiohttp
import pytest
from openpyxl import load_workbook

from bianmin.client import new_request_id
from tests.hubfixture import KIOSK, PIN, JsonClient, RunningHub, refused


async def office(hub: RunningHub) -> JsonClient:
    c = hub.client()
    await c.login("9001", PIN)
    return c


async def finished(hub: RunningHub, clerk: JsonClient, window: int, matter: str,
                   outcome: str = "immediate") -> str:
    async with hub.client(KIOSK) as kiosk:
        ticket = await kiosk.issue_ticket(matter, new_request_id())
    await clerk.call_next(window)
    await clerk.start(ticket.id)
    hub.clock.advance(minutes=4)
    await clerk.finish(ticket.id, outcome)
    return ticket.id


async def exports(hub: RunningHub, token: str, day: str) -> tuple[list[dict[str, str]], Any]:
    async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {token}"}) as s:
        async with s.get(f"{hub.url}/api/figures.csv?from={day}&to={day}") as resp:
            rows = list(csv.DictReader(io.StringIO((await resp.read()).decode("utf-8-sig"))))
        async with s.get(f"{hub.url}/api/figures.xlsx?from={day}&to={day}") as resp:
            book = load_workbook(io.BytesIO(await resp.read()))
    return rows, book


@pytest.mark.hall_clock("09:00")  # a day's slots and sessions: not one ending now
async def test_a_correction_from_request_to_exports(hub: RunningHub) -> None:
    o = await office(hub)
    async with await hub.clerk(1) as c1, await hub.clerk(2) as c2:
        tid = await finished(hub, c1, 1, "A")
        err = await refused(c2.json("POST", f"/api/tickets/{tid}/correction",
                                    {"outcome": "consultation", "why": "错了"}))
        assert err.status == 403 and "不是您办结或首问的" in err.message
        err = await refused(c1.json("POST", f"/api/tickets/{tid}/correction",
                                    {"outcome": "promised", "why": "误按即办件"}))
        assert err.status == 422 and "承诺办结日期" in err.message
        err = await refused(c1.json("POST", f"/api/tickets/{tid}/correction",
                                    {"outcome": "immediate", "why": "点错了"}))
        assert err.status == 422 and "号票A001的更正内容与原办结记录相同" in err.message
        asked = await c1.json("POST", f"/api/tickets/{tid}/correction", {
            "outcome": "promised", "promised_date": "2026-12-10",
            "why": "误按即办件，应为承诺件"})
        assert asked["state"] == "pending" and asked["summary"].endswith("承诺12月10日办结）")
        err = await refused(c1.json("POST", f"/api/tickets/{tid}/correction",
                                    {"outcome": "consultation", "why": "再改"}))
        assert err.status == 409 and "等候中心办公室审核" in err.message
        assert [x["id"] for x in await c1.json("GET", "/api/corrections")] == [asked["id"]]
        assert await c2.json("GET", "/api/corrections") == []  # a clerk sees its own
        err = await refused(c1.json("POST", f"/api/corrections/{asked['id']}/approve", {}))
        assert err.status == 403
        pending = await o.json("GET", "/api/corrections?state=pending")
        assert [x["id"] for x in pending] == [asked["id"]]
        assert pending[0]["clerk_name"] == "张丽"
        assert pending[0]["why"] == "误按即办件，应为承诺件"

        await hub.restart()  # a waiting correction is kept
        await o.login("9001", PIN)
        await c1.login("1001", PIN, 1)
        approved = await o.json("POST", f"/api/corrections/{asked['id']}/approve",
                                {"decision": "同意"})
        assert approved["state"] == "approved" and approved["decided_by_name"] == "周主任"
        err = await refused(o.json("POST", f"/api/corrections/{asked['id']}/refuse",
                                   {"decision": "晚了"}))
        assert err.status == 409
        promises = await c1.json("GET", "/api/promises")
        assert [p["id"] for p in promises] == [tid]  # a promise to keep now

        history = await c1.json("GET", f"/api/tickets/{tid}/history")
        kinds = [h["kind"] for h in history]
        assert kinds[-3:] == ["ticket-finished", "correction-requested", "ticket-corrected"]
        assert history[-3]["outcome"] == "immediate"  # the finish stays as it was
        assert (history[-1]["was"], history[-1]["outcome"]) == ("immediate", "promised")

    day = hub.clock().date().isoformat()
    figures = await o.json("GET", f"/api/figures?from={day}&to={day}")
    clerk = next(r for r in figures["rows"] if r["dimension"] == "clerk")
    assert (clerk["outcome_immediate"], clerk["outcome_promised"], clerk["corrections"]) == (
        0, 1, 1)
    rows, book = await exports(hub, o.token or "", day)
    assert rows[0]["更正"] == "1" and rows[0]["承诺件"] == "1" and rows[0]["即办件"] == "0"
    sheet = book["按人员"]
    header = [c.value for c in sheet[1]]
    (row,) = list(sheet.iter_rows(min_row=2, values_only=True))
    assert row[header.index("更正")] == 1 and row[header.index("承诺件")] == 1
    await o.close()


@pytest.mark.hall_clock("09:00")  # a day's slots and sessions: not one ending now
async def test_a_refused_correction_and_an_earlier_days_ticket(hub: RunningHub) -> None:
    o = await office(hub)
    async with await hub.clerk(1) as c1:
        tid = await finished(hub, c1, 1, "A", "consultation")
        hub.clock.advance(days=2)
        await hub.hub.tick()  # the hall lets the old ticket go
        assert tid not in hub.hub.hall.tickets
        await c1.login("1001", PIN, 1)  # the sessions ended with their day
        await o.login("9001", PIN)
        asked = await c1.json("POST", f"/api/tickets/{tid}/correction", {
            "outcome": "returned", "reason": "主要申请材料缺失", "why": "应为退回件"})
        err = await refused(o.json("POST", f"/api/corrections/{asked['id']}/refuse", {}))
        assert err.status == 422 and "驳回更正申请须写明理由" in err.message
        done = await o.json("POST", f"/api/corrections/{asked['id']}/refuse",
                            {"decision": "确为咨询件"})
        assert done["state"] == "refused"
        mine = await c1.json("GET", "/api/corrections")
        assert mine[0]["decision"] == "确为咨询件" and mine[0]["state_name"] == "已驳回"
        history = await o.json("GET", f"/api/tickets/{tid}/history")
        assert history[-1]["kind"] == "correction-refused"
        err = await refused(o.json("POST", "/api/corrections/nothing-1/approve", {}))
        assert err.status == 404
    await o.close()


@pytest.mark.hall_clock("09:00")  # a day's slots and sessions: not one ending now
async def test_the_front_desk_moves_a_ticket_and_the_figures_count_it(hub: RunningHub) -> None:
    o = await office(hub)
    async with hub.client(KIOSK) as kiosk:
        before = await kiosk.issue_ticket("B", new_request_id())
        hub.clock.advance(minutes=1)
        wrong = await kiosk.issue_ticket("A", new_request_id())
        hub.clock.advance(minutes=1)
        after = await kiosk.issue_ticket("B", new_request_id())
    async with await hub.clerk(1) as c1:
        err = await refused(c1.json("POST", f"/api/tickets/{wrong.id}/move",
                                    {"to_matter": "B", "reason": "选错"}))
        assert err.status == 403
    err = await refused(o.json("POST", f"/api/tickets/{wrong.id}/move", {"to_matter": "B"}))
    assert err.status == 422 and "改排须写明原因" in err.message
    moved = await o.json("POST", f"/api/tickets/{wrong.id}/move",
                         {"to_matter": "B", "reason": "取号时选错事项"})
    assert moved["queue_matter"] == "B" and moved["number"] == wrong.number
    assert moved["owner"] is None and moved["ahead"] == 1
    async with await hub.clerk(2) as c2:
        order = [(await c2.call_next(2)).id]
        await c2.start(order[0])
        await c2.finish(order[0], "immediate")
        order.append((await c2.call_next(2)).id)
    assert order == [before.id, wrong.id] and after.id not in order
    history = await o.json("GET", f"/api/tickets/{wrong.id}/history")
    assert history[1]["kind"] == "ticket-moved" and history[1]["reason"] == "取号时选错事项"
    day = hub.clock().date().isoformat()
    rows, _ = await exports(hub, o.token or "", day)
    by = {(r["维度"], r["代号"]): r for r in rows}
    assert by[("全中心", "")]["导服改排"] == "1" and by[("事项", "A")]["导服改排"] == "1"
    await o.close()
