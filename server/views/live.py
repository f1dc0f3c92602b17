"""`GET /api/ws`: a snapshot, then every event in order; a reconnect gets what it missed.

Query: `token` (or an Authorization header), and `since`, the last sequence number the client
saw. The first message is either `{"type": "snapshot", "seq", "hall"}` or
`{"type": "resume", "seq"}` followed by the missed events; then `{"type": "event", ...}`.
A client may send `ping`; it gets `{"type": "pong"}`. What was missed is resent only while it
fits well within a client's queue limit; past that a snapshot is smaller and just as good.
When WebSockets already hold a quarter of the hub's connections, a new one is refused with 503
(try again), so that kiosks and clerks always find a way in.
"""

from __future__ import annotations

import asyncio

import orjson
from aiohttp import WSMsgType, web

from bianmin.protocol import hall_view
from server import bodies
from server.auth import principal
from server.edge import EDGE, FULL_MESSAGE, LIMITS
from server.errors import error_response
from server.keys import HUB
from server.live import Client, text_frame

routes = web.RouteTableDef()
PONG = text_frame(b'{"type":"pong"}')


@routes.get("/api/ws")
async def websocket(request: web.Request) -> web.StreamResponse:
    hub = request.app[HUB]
    limits = request.app[LIMITS]
    who = principal(request)
    raw_since = request.query.get("since", "")
    if not request.app[EDGE].hold(request.transport):
        return error_response(503, "too-many-connections", FULL_MESSAGE)
    # No per-message compression: on a hall's LAN it saves little, and compressing every event
    # once per client is the costliest part of a broadcast to many displays.
    ws = web.WebSocketResponse(heartbeat=20.0, max_msg_size=64 * 1024, compress=False)
    await ws.prepare(request)
    transport = request.transport
    assert isinstance(transport, asyncio.WriteTransport)
    client = Client(ws, transport, who.staff, limits.ws_unsent_bytes, limits.ws_stall_seconds)
    await hub.settled()
    # No await between reading the hall and joining the broadcast: nothing falls in between.
    since = bodies.whole_number(raw_since)
    missed = hub.live.since(since, hub.seq) if since is not None else None
    if missed is not None and sum(len(m.staff if who.staff else m.public)
                                  for m in missed) > limits.ws_unsent_bytes // 2:
        missed = None
    if missed is None:
        snapshot = hall_view(hub.hall, hub.config, seq=hub.seq, staff=who.staff, now=hub.clock())
        client.send(text_frame(orjson.dumps({"type": "snapshot", "seq": hub.seq,
                                             "hall": snapshot})))
    else:
        client.send(text_frame(orjson.dumps({"type": "resume", "seq": hub.seq})))
        for m in missed:
            client.deliver(m)
    hub.live.add(client)
    try:
        async for msg in ws:
            if msg.type == WSMsgType.TEXT and msg.data.strip() in ("ping", '{"type":"ping"}'):
                client.send(PONG)
    finally:
        hub.live.remove(client)
        client.keep_watch()  # a goodbye stuck behind a full queue must not keep it for ever
    return ws
