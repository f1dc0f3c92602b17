"""The county service over HTTP: sign-in, the live board (waiting, windows, overdue, printer
faults, "link down"), complaints across centers, rankings, exports, and its refusals."""

from __future__ import annotations

import asyncio
import io
from datetime import datetime
from pathlib import Path

import openpyxl

from bianmin.client import new_request_id
from bianmin.wire import requests as rq
from bianmin.wire.devices import PrinterRecorded
from server.county import COUNTY_LINK
from tests.county.kit import Postgres, running_county, ships_to
from tests.hubfixture import KIOSK, Clock, RunningHub, running_hub

CENTERS = {"qingxi": "青溪镇便民服务中心", "baishi": "白石镇便民服务中心"}


async def shipped(hub: RunningHub) -> None:
    assert hub.runner is not None
    await asyncio.wait_for(hub.runner.app[COUNTY_LINK].shipped(hub.hub.seq), 30)


def clock_at(moment: str) -> Clock:
    return Clock(datetime.fromisoformat(moment))


async def test_the_board_shows_each_center_live(tmp_path: Path, pg: Postgres) -> None:
    clock = clock_at("2026-11-30T09:00:00+08:00")
    async with running_county(tmp_path / "county", pg.dsn, CENTERS, clock,
                              link_down_minutes=5) as county, \
            running_hub(tmp_path / "a", clock=clock, edit=ships_to(pg.dsn, "qingxi")) as hub:
        token = await county.sign_in()
        async with hub.client(KIOSK) as kiosk:
            for matter in "AAB":
                await kiosk.issue_ticket(matter, new_request_id())
            await kiosk.request("POST", "/api/devices/printer-status", PrinterRecorded,
                                rq.PrinterReport(status="paper-out", detail="缺纸"))
        clerk = await hub.clerk(1)
        called = await clerk.call_next(1)
        await clerk.start(called.id)
        clock.advance(minutes=31)  # past the half hour 户籍 allows
        await (await hub.clerk(2)).close()  # signed in at window 2, the window stays open
        await shipped(hub)
        await county.settle()
        status, board = await county.get("/api/centers", token)
        assert status == 200
        qingxi = next(c for c in board["centers"] if c["id"] == "qingxi")
        baishi = next(c for c in board["centers"] if c["id"] == "baishi")
        assert (qingxi["link"], qingxi["link_down"]) == ("up", False)
        assert qingxi["waiting"] == 2 and qingxi["serving"] == 1 and qingxi["overdue"] == 1
        assert qingxi["windows_open"] == 2 and qingxi["windows"] == 8
        assert qingxi["issued_today"] == 3 and qingxi["behind"] == 0
        assert [p["status"] for p in qingxi["printer_faults"]] == ["paper-out"]
        assert baishi["link"] == "never" and baishi["waiting"] == 0
        assert board["waiting"] == 2 and board["printer_faults"] == 1

        clock.advance(minutes=6)  # nothing heard for longer than link_down_minutes
        await county.settle()
        qingxi = next(c for c in (await county.get("/api/centers", token))[1]["centers"]
                      if c["id"] == "qingxi")
        assert qingxi["link"] == "down" and qingxi["seconds_since_contact"] >= 360
        await clerk.finish(called.id, "immediate")  # the hall speaks again
        await shipped(hub)
        await county.settle()
        qingxi = next(c for c in (await county.get("/api/centers", token))[1]["centers"]
                      if c["id"] == "qingxi")
        assert qingxi["link"] == "up" and qingxi["serving"] == 0 and qingxi["overdue"] == 0
        assert qingxi["served_today"] == 1 and qingxi["seconds_since_event"] == 0
        await clerk.close()


async def test_complaints_rankings_and_exports(tmp_path: Path, pg: Postgres) -> None:
    clock = clock_at("2026-11-30T09:00:00+08:00")
    async with running_county(tmp_path / "county", pg.dsn, CENTERS, clock) as county, \
            running_hub(tmp_path / "a", clock=clock, edit=ships_to(pg.dsn, "qingxi")) as a, \
            running_hub(tmp_path / "b", clock=clock, edit=ships_to(pg.dsn, "baishi")) as b:
        day = a.hub.hall.today(clock())
        async with a.client(KIOSK) as kiosk:
            lodged = await kiosk.lodge_complaint("3号窗口推诿，电话13812345678", window=3,
                                                 phone="13812345678")
        for hub, served in ((a, 3), (b, 1)):
            clerk = await hub.clerk(1)
            async with hub.client(KIOSK) as kiosk:
                for _ in range(served):
                    await kiosk.issue_ticket("A", new_request_id())
            for _ in range(served):
                t = await clerk.call_next(1)
                clock.advance(minutes=2)
                await clerk.start(t.id)
                await clerk.finish(t.id, "immediate")
            await clerk.close()
        await shipped(a)
        await shipped(b)
        await county.settle()
        token = await county.sign_in()

        status, found = await county.get(f"/api/complaints?from={day}&to={day}", token)
        assert status == 200 and [c["number"] for c in found] == [lodged.number]
        assert found[0]["center_name"] == "青溪镇便民服务中心" and found[0]["answered_at"] is None
        assert "13812345678" not in str(found) and "138****5678" in found[0]["reason"]

        office = a.client()
        async with office:
            await office.login("9001", "123456")
            await office.json("POST", f"/api/complaints/{lodged.number}/answer",
                              {"result": "已核实并整改，已电话回复"})
        await shipped(a)
        status, found = await county.get(f"/api/complaints?from={day}&to={day}", token)
        assert found[0]["state"] == "answered" and found[0]["minutes_to_answer"] is not None

        status, ranked = await county.get(f"/api/rankings?from={day}&to={day}", token)
        assert status == 200
        by = {r["measure"]: r for r in ranked["centers"]}
        assert [r["key"] for r in by["complaints"]["rows"]] == ["baishi", "qingxi"]
        assert by["complaints"]["rows"][0]["rank"] == 1

        status, csv = await county.get(f"/api/figures.csv?from={day}&to={day}&token={token}")
        assert status == 200 and csv.startswith("\ufeff维度".encode())
        assert "青溪镇便民服务中心".encode() in csv and "全县".encode() in csv
        status, xlsx = await county.get(f"/api/centers/qingxi/figures.xlsx?from={day}&to={day}",
                                        token)
        assert status == 200
        book = openpyxl.load_workbook(io.BytesIO(xlsx))
        assert book.sheetnames[:4] == ["汇总", "按事项", "按窗口", "按人员"]
        status, xlsx = await county.get(f"/api/figures.xlsx?from={day}&to={day}", token)
        assert openpyxl.load_workbook(io.BytesIO(xlsx)).sheetnames[:4] == [
            "全县汇总", "按中心", "按窗口", "按人员"]


async def test_sign_in_and_refusals(tmp_path: Path, pg: Postgres) -> None:
    clock = clock_at("2026-11-30T09:00:00+08:00")
    async with running_county(tmp_path / "county", pg.dsn, CENTERS, clock) as county:
        status, body = await county.get("/api/centers")
        assert status == 401 and body["error"]["code"] == "login-required"
        status, body = await county.post("/api/login", {"staff_no": "8001", "pin": "000000"})
        assert status == 401 and "不正确" in body["error"]["message"]
        token = await county.sign_in()
        status, me = await county.get("/api/me", token)
        assert me["name"] == "县中心值班员"
        status, body = await county.get("/api/figures?from=2026-13-01", token)
        assert status == 422 and "2026-12-01" in body["error"]["message"]
        status, body = await county.get("/api/figures?from=2026-12-02&to=2026-12-01", token)
        assert status == 422 and body["error"]["code"] == "bad-range"
        status, body = await county.get("/api/centers/nowhere/figures", token)
        assert status == 404 and body["error"]["code"] == "no-such-center"
        status, body = await county.post("/api/login", {"staff_no": "8001"})
        assert status == 422 and "密码" in body["error"]["message"]
        status, body = await county.get("/api/nothing-here", token)
        assert status == 404 and body["error"]["code"] == "not-found"
        status, health = await county.get("/api/health")
        assert health == {"status": "ok", "schema_version": 1, "centers": 2}

        clock.advance(minutes=121)  # unused longer than the idle time: signed out
        status, body = await county.get("/api/centers", token)
        assert status == 401 and body["error"]["code"] == "session-expired"
        for _ in range(5):
            await county.post("/api/login", {"staff_no": "8001", "pin": "111111"})
        status, body = await county.post("/api/login", {"staff_no": "8001", "pin": "246810"})
        assert status == 429 and "分钟后再试" in body["error"]["message"]
        clock.advance(minutes=6)
        assert await county.sign_in()

        status, page = await county.get("/")
        assert status == 200 and "县中心工作人员登录".encode() in page
