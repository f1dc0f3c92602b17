"""No input makes the hub answer 500: hostile bodies at every documented route, every role."""

from __future__ import annotations

import itertools
import json
from typing import Any

import aiohttp

from bianmin.client import new_request_id
from tests.hubfixture import DISPLAY, KIOSK, RunningHub

HOSTILE: list[Any] = [
    None, 0, -1, 10**30, 1.5, True, "", " ", "A", "零", "\u0000", "x" * 10_000,
    [], [1, "a"], {}, {"$ne": 1}, [[[[[]]]]],
]
FIELDS = ["matter", "priority", "request_id", "staff_no", "pin", "window", "force", "reason",
          "to_window", "to_matter", "outcome", "promised_date", "missing_materials",
          "authority", "note", "status", "detail"]


def bodies() -> list[bytes]:
    out: list[bytes] = [b"", b"{", b"null", b"[]", b'"text"', b"\xff\xfe\x00", b"{}" * 3]
    for field, value in itertools.product(FIELDS, HOSTILE):
        out.append(json.dumps({field: value}).encode())
    out.append(json.dumps({f: v for f, v in zip(FIELDS, HOSTILE, strict=False)}).encode())
    return out


async def test_no_input_gets_a_500(hub: RunningHub) -> None:
    async with hub.client(KIOSK) as kiosk:
        ticket = await kiosk.issue_ticket("A", new_request_id())
    clerk = await hub.clerk(1)
    await clerk.call_next(1)
    async with hub.client() as c:
        doc = await c.request("GET", "/api/openapi.json")
    tokens = [None, "wrong-token", KIOSK, DISPLAY, clerk.token]
    paths = [p.replace("{ticket}", ticket["id"]).replace("{window}", "1")
             for p in doc["paths"] if p != "/api/ws" and p != "/api/logout"]
    all_bodies = bodies()
    seen: dict[int, int] = {}
    async with aiohttp.ClientSession() as s:
        for path, token in itertools.product(paths, tokens):
            methods = doc["paths"][_template(doc, path)]
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            for method in methods:
                for body in (all_bodies if method == "post" else [b""]):
                    async with s.request(method.upper(), hub.url + path, data=body,
                                         headers=headers) as resp:
                        seen[resp.status] = seen.get(resp.status, 0) + 1
                        assert resp.status < 500, (method, path, token, body[:80],
                                                   await resp.text())
                        if resp.status >= 400:
                            err = (await resp.json()).error
                            assert err["code"] and err["message"]
    assert seen.get(422, 0) > 100 and seen.get(401, 0) > 0 and seen.get(403, 0) > 0
    # and the hub still serves, its hall consistent
    queue = await clerk.window_queue(1)
    assert queue["window"]["status"] in ("open", "paused")
    state = (await clerk.ticket(ticket["id"])).state
    assert state in ("called", "serving", "done", "waiting", "missed", "cancelled")
    await clerk.close()


def _template(doc: dict[str, Any], path: str) -> str:
    for template in doc["paths"]:
        parts, actual = template.split("/"), path.split("/")
        if len(parts) == len(actual) and all(
            a == b or a.startswith("{") for a, b in zip(parts, actual, strict=True)):
            return str(template)
    raise KeyError(path)
