"""The generated OpenAPI document holds: schemathesis, driven by it, finds nothing the hub does
that the document does not say, for every role (and none).

Each role gets its own run against a real hub with data to reach (a ticket called at window 1,
a booking, a complaint, a notice, a bad rating's case), so the fuzzer gets past 404s into the
routes' logic. The check `positive_data_acceptance` is left out: a body the schema allows
may still be refused by the hall's rules (a transfer without a reason, a slot that is full),
which the document says with 409 or 422. `/api/logout` is left out so a run does not end its
own session.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path

import pytest

from bianmin.client import new_request_id
from tests.hubfixture import DISPLAY, KIOSK, PIN, RunningHub

RATING = "demo-rating"
SECONDS_PER_ROLE = 12


async def seeded(hub: RunningHub) -> dict[str, str]:
    """Something behind every path parameter, and a token for every role."""
    async with hub.client(KIOSK) as kiosk:
        ticket = await kiosk.issue_ticket("A", new_request_id())
        for _ in range(5):
            await kiosk.issue_ticket("A", new_request_id())
        complaint = await kiosk.lodge_complaint("等候时间太长", window=1,
                                                request_id=new_request_id())
    async with await hub.clerk(1) as clerk, hub.client() as office, hub.client(RATING) as pad:
        # a finished ticket rated badly, so that a case stands behind /api/cases/{case}
        await clerk.call_next(1)
        await clerk.start(ticket.id)
        await clerk.finish(ticket.id, "immediate")
        await pad.json("POST", f"/api/tickets/{ticket.id}/rating",
                       {"window": 1, "rating": "unsatisfied", "points": ["服务效率"]})
        called = await clerk.call_next(1)
        await office.login("9001", PIN)
        case = (await office.json("GET", "/api/cases"))[0]["id"]
        day = hub.clock().date().isoformat()
        booked = await office.json("POST", "/api/appointments", {
            "matter": "D", "day": day, "slot": "15:00-16:00", "name": "王小明",
            "phone": "13812345678"})
        notice = await office.json("POST", "/api/notices", {
            "title": "办结公告", "text": "事项已办结", "show_until": day})
    return {"ticket": called.id, "code": booked["code"], "number": complaint.number,
            "notice": notice["id"], "case": case, "clerk": clerk.token or "",
            "office": office.token or ""}


def config(folder: Path, data: dict[str, str], token: str | None) -> Path:
    path = folder / "schemathesis.toml"
    header = f'headers = {{ Authorization = "Bearer {token}" }}\n' if token else ""
    path.write_text(header + f"""
[parameters]
"path.ticket" = "{data['ticket']}"
"path.window" = 1
"path.code" = "{data['code']}"
"path.number" = "{data['number']}"
"path.notice" = "{data['notice']}"
"path.case" = "{data['case']}"
"path.clip" = "qing"
"path.name" = "main.js"
""", encoding="utf-8")
    return path


@pytest.mark.hall_clock("09:00")  # a day's slots and sessions: not one ending now
async def test_the_hub_answers_as_its_document_says(hub: RunningHub, tmp_path: Path) -> None:
    program = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert program, "schemathesis is a development dependency"
    data = await seeded(hub)
    failures = []
    for role, token in (("none", None), ("kiosk", KIOSK), ("display", DISPLAY),
                        ("rating", RATING), ("clerk", data["clerk"]),
                        ("office", data["office"])):
        folder = tmp_path / role
        folder.mkdir()
        run = await asyncio.create_subprocess_exec(
            program, "--config-file", str(config(folder, data, token)), "run",
            f"{hub.url}/api/openapi.json", "--checks", "all",
            "--exclude-checks", "positive_data_acceptance", "--exclude-path", "/api/logout",
            "--max-time", str(SECONDS_PER_ROLE), "--workers", "1", "--seed", "20261130",
            "--request-timeout", "5", "--no-color",
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, cwd=folder)
        out, _ = await asyncio.wait_for(run.communicate(), SECONDS_PER_ROLE * 6)
        (folder / "output.txt").write_bytes(out)
        if run.returncode != 0:
            failures.append(f"--- as {role} ---\n{out.decode(errors='replace')[-6000:]}")
    assert not failures, "\n".join(failures)
