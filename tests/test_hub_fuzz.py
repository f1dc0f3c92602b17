"""No input makes the hub answer 500 or lose its word: hostile bodies, encodings, nesting,
surrogates and sizes at every documented route, as every role and as nobody."""

from __future__ import annotations

import gzip
import itertools
import json
import zlib
from typing import Any

import aiohttp

from bianmin.client import new_request_id
from tests.hubfixture import DISPLAY, KIOSK, PIN, RunningHub, raw

RATING = "demo-rating"
HOSTILE: list[Any] = [
    None, 0, -1, 10**30, 1.5, True, "", " ", "A", "零", "\u0000", "x" * 10_000,
    [], [1, "a"], {}, {"$ne": 1}, [[[[[]]]]], "\u202e反", "\x1b[2J",
]
FIELDS = ["matter", "priority", "request_id", "staff_no", "pin", "window", "force", "reason",
          "to_window", "to_matter", "outcome", "promised_date", "missing_materials",
          "authority", "note", "status", "detail", "name", "phone", "code", "title", "text",
          "rating", "day", "slot"]
# Text as a broken browser or a hostile client sends it: a lone surrogate escaped (valid JSON,
# not valid UTF-8), the surrogate's bytes raw, overlong and truncated UTF-8, GBK bytes.
RAW_BODIES = [
    b'{"matter": "A", "request_id": "\\ud800abcdefgh"}',
    b'{"reason": "\\udc00", "detail": "\\ud83d"}',
    b'{"matter": "A", "request_id": "ab\xed\xa0\x80cdefgh"}',
    b'{"reason": "\xc0\xaf"}', b'{"reason": "\xe4\xb8"}', '{"reason": "你好"}'.encode("gbk"),
    b"[" * 100_000 + b"]" * 100_000,
    b'{"note": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    b'{"reason": "' + b"x" * 300_000 + b'"}',
    b"", b"{", b"null", b"[]", b'"text"', b"\xff\xfe\x00", b"{}" * 3,
]


def bodies() -> list[bytes]:
    out = list(RAW_BODIES)
    for field, value in itertools.product(FIELDS, HOSTILE):
        out.append(json.dumps({field: value}).encode())
    out.append(json.dumps({f: v for f, v in zip(FIELDS, HOSTILE, strict=False)}).encode())
    return out


ENCODED = [("gzip", b"\x1f\x8b\x08\x00garbage"), ("gzip", gzip.compress(b'{"matter": "A"}')),
           ("deflate", zlib.compress(b"{}")), ("br", b"\x00\x01"), ("x-unknown", b"{}")]
PARAMS = {"{ticket}": None, "{window}": "1", "{code}": "ABCDEF", "{number}": "TS20261130001",
          "{notice}": "N1", "{clip}": "qing", "{name}": "main.js"}
HOSTILE_PARAMS = ["%ED%A0%80", "%00", "..%2F..%2Fetc", "x" * 3000, "%F0%9F%98", "-1",
                  "99999999999999999999"]


async def tokens(hub: RunningHub) -> list[str | None]:
    clerk, office = hub.client(), hub.client()
    await clerk.login("1001", PIN, 1)
    await office.login("9001", PIN)
    await clerk.close()
    await office.close()
    return [None, "wrong-token", KIOSK, DISPLAY, RATING, clerk.token, office.token]


async def test_no_input_gets_a_500(hub: RunningHub) -> None:
    async with hub.client(KIOSK) as kiosk:
        ticket = await kiosk.issue_ticket("A", new_request_id())
    PARAMS["{ticket}"] = ticket.id
    status, doc = await raw(hub, "GET", "/api/openapi.json")
    assert status == 200
    every = await tokens(hub)
    templates = [p for p in doc["paths"] if p not in ("/api/logout",)]
    all_bodies = bodies()
    seen: dict[int, int] = {}
    async with aiohttp.ClientSession() as s:

        async def send(method: str, path: str, token: str | None, body: bytes,
                       headers: dict[str, str] | None = None) -> None:
            sent = {**(headers or {})}
            if token:
                sent["Authorization"] = f"Bearer {token}"
            async with s.request(method.upper(), hub.url + path, data=body,
                                 headers=sent) as resp:
                seen[resp.status] = seen.get(resp.status, 0) + 1
                text = await resp.text(errors="replace")
                assert resp.status < 500, (method, path, token, body[:80], text[:300])
                if resp.status >= 400 and path.startswith("/api/"):
                    err = json.loads(text)["error"]
                    assert err["code"] and err["message"]

        for template, token in itertools.product(templates, every):
            path = template
            for name, value in PARAMS.items():
                path = path.replace(name, value or "")
            for method in doc["paths"][template]:
                for body in (all_bodies if method == "post" else [b""]):
                    await send(method, path, token, body)
                if method == "post":
                    for encoding, body in ENCODED:
                        await send(method, path, token, body, {"Content-Encoding": encoding})
            for name, value in itertools.product(
                    [n for n in PARAMS if n in template], HOSTILE_PARAMS):
                await send("get" if "get" in doc["paths"][template] else "post",
                           template.replace(name, value).replace("{", "").replace("}", ""),
                           token, b"{}")
    assert seen.get(422, 0) > 1000 and seen.get(401, 0) > 0 and seen.get(403, 0) > 0
    assert seen.get(415, 0) > 0 and seen.get(413, 0) > 0
    # and the hub still serves, its hall and store in agreement
    async with hub.client(KIOSK) as kiosk:
        again = await kiosk.issue_ticket("B", new_request_id())
        before = (await kiosk.ticket(ticket.id), hub.hub.seq)
        await hub.restart()
        assert (await kiosk.ticket(ticket.id), hub.hub.seq) == before
        assert (await kiosk.ticket(again.id)).number == again.number
