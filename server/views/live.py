"""`GET /api/ws`: a snapshot, then every event in order; a reconnect gets what it missed.

Query: `token` (or an Authorization header), and `since`, the last sequence number the client
saw. The first message is either `{"type": "snapshot", "seq", "hall"}` or
`{"type": "resume", "seq"}` followed by the missed events and the queues now; then
`{"type": "event", ...}`, with `{"type": "queues", ...}` after changes to the queues.
A client may send `ping`; it gets `{"type": "pong"}`. What was missed is resent only while it
fits well within a client's queue limit; past that a snapshot is smaller and just as good.
When WebSockets already hold a quarter of the hub's connections, a new one is refused with 503
(try again), so that kiosks and clerks always find a way in.
"""

from __future__ import annotations

import asyncio

from aiohttp import WSMsgType, web

from bianmin.wire import live
from bianmin.wire.base import encode
from server import bodies
from server.api import Api, Param
from server.auth import principal
from server.edge import EDGE, FULL_MESSAGE, LIMITS
from server.errors import error_response
from server.hub import Hub
from server.keys import HUB
from server.live import Audience, Client, text_frame
from server.present import hall as present

api = Api()
PONG = text_frame(encode(live.Pong()))
SINCE = Param("since", "query", {"type": "integer", "minimum": 0, "maximum": 2**53},
              "the last sequence number this client saw")
TOKEN = Param("token", "query", {"type": "string"},
              "the device or staff token (a browser cannot set the header on a WebSocket)")


@api.get("/api/ws", "The live feed (WebSocket): a snapshot, then every event in order",
         roles=("kiosk", "display", "rating", "clerk", "office"),
         answer=live.PublicMessage | live.ClerkMessage | live.OfficeMessage,
         errors=(400, 401, 422, 503), params=(TOKEN, SINCE),
         description="Upgrade to a WebSocket. Each audience gets its own messages (see the "
         "schemas); a request that is not a WebSocket upgrade is refused with 400, and one "
         "beyond the hub's share for live clients with 503.")
async def websocket(request: web.Request) -> web.StreamResponse:
    hub = request.app[HUB]
    limits = request.app[LIMITS]
    who = principal(request)
    since = bodies.query_int(request, "since", 0, 2**53, None)
    if not request.app[EDGE].hold(request.transport):
        return error_response(503, "too-many-connections", FULL_MESSAGE)
    # No per-message compression: on a hall's LAN it saves little, and compressing every event
    # once per client is the costliest part of a broadcast to many displays.
    ws = web.WebSocketResponse(heartbeat=20.0, max_msg_size=64 * 1024, compress=False)
    await ws.prepare(request)
    transport = request.transport
    assert isinstance(transport, asyncio.WriteTransport)
    client = Client(ws, transport, who.audience, limits.ws_unsent_bytes,
                    limits.ws_stall_seconds)
    await hub.settled()
    # No await between reading the hall and joining the broadcast: nothing falls in between.
    missed = hub.live.since(since, hub.seq) if since is not None else None
    if missed is not None and sum(len(m.to(who.audience))
                                  for m in missed) > limits.ws_unsent_bytes // 2:
        missed = None
    if missed is None:
        client.send(text_frame(encode(_snapshot(who.audience, hub))))
    else:
        client.send(text_frame(encode(live.Resume(seq=hub.seq))))
        for m in missed:
            client.deliver(m)
        if missed:
            client.send(hub.queues_frame())  # the queues as they stand after what it missed
    hub.live.add(client)
    hub.sessions.opened(who, ws)  # a staff session is in use while its live feed is open
    try:
        async for msg in ws:
            if msg.type == WSMsgType.TEXT and msg.data.strip() in ("ping", '{"type":"ping"}'):
                client.send(PONG)
    finally:
        hub.live.remove(client)
        hub.sessions.closed(who, ws, hub.clock())
        client.keep_watch()  # a goodbye stuck behind a full queue must not keep it for ever
    return ws


def _snapshot(audience: Audience, hub: Hub) -> live.Message:
    args = (hub.hall, hub.config, hub.seq, hub.clock())
    if audience == "office":
        return live.OfficeSnapshot(seq=hub.seq, hall=present.hall_office(*args))
    if audience == "clerk":
        return live.ClerkSnapshot(seq=hub.seq, hall=present.hall_clerk(*args))
    return live.PublicSnapshot(seq=hub.seq, hall=present.hall_public(*args))
