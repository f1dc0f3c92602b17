"""The app factory: routes, middleware, and the hub opened and closed with the application."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from aiohttp import web

from bianmin.config import Config
from server import county, openapi
from server.edge import EDGE, LIMITS, Edge, Limits, middleware
from server.errors import error_middleware
from server.hub import TICK_SECONDS, Clock, Hub
from server.keys import (
    BOOKING_LIMIT,
    COMPLAINT_LIMIT,
    CONFIG,
    GUESS_LIMIT,
    HUB,
    LOOKUP_LIMIT,
    PHONE_RATING_LIMIT,
)
from server.ratelimit import RateLimit
from server.views import (
    appointments,
    assessment,
    cases,
    complaints,
    corrections,
    county_link,
    display,
    figures,
    hall,
    live,
    notices,
    pages,
    ratings,
    session,
    status_page,
    tickets,
    windows,
)

APIS = [session.api, tickets.api, corrections.api, windows.api, hall.api, live.api,
        appointments.api, complaints.api, notices.api, ratings.api, cases.api, figures.api,
        assessment.api, pages.api, status_page.api, county_link.api]

log = logging.getLogger("bianmin.hub")
# How the hub's HTTP server handles what arrives, for whatever runs the app: bodies are taken
# as sent (a compressed one is refused at the edge with 415, never unpacked: no zip bombs, no
# half-decoded garbage reaching a handler).
SERVER_OPTIONS: dict[str, Any] = {"auto_decompress": False}


def create_app(config: Config, *, clock: Clock | None = None, tick: float = TICK_SECONDS,
               limits: Limits | None = None) -> web.Application:
    """The hub's application. Serve it through `server.listen.EdgeSite`, which enforces the
    connection limits in `limits`; any site enforces its time limit on request bodies."""
    limits = limits or Limits()
    edge = Edge(limits)
    app = web.Application(middlewares=[error_middleware, middleware(edge)],
                          client_max_size=256 * 1024)
    app[EDGE] = edge
    app[LIMITS] = limits
    app[CONFIG] = config
    app[BOOKING_LIMIT] = RateLimit(count=10, seconds=600)
    app[COMPLAINT_LIMIT] = RateLimit(count=5, seconds=600)
    the_clock: Clock = clock or (lambda: datetime.now(config.tz))
    app[PHONE_RATING_LIMIT] = RateLimit(count=10, seconds=600,
                                        clock=lambda: the_clock().timestamp())
    app[LOOKUP_LIMIT], app[GUESS_LIMIT] = complaints.lookup_limits(the_clock)

    async def hub_ctx(app: web.Application) -> AsyncIterator[None]:
        hub = await Hub.start(config, the_clock, tick=tick)
        app[HUB] = hub
        if config.demo:
            log.warning("this hub runs on DEMO credentials (PIN 123456, token demo-kiosk): "
                        "not for a real hall")
        try:
            yield
        finally:
            await hub.stop()

    async def close_sockets(app: web.Application) -> None:
        await app[HUB].live.close_all()

    app.cleanup_ctx.append(hub_ctx)
    county.setup(app, config)  # after the hub: it starts once the hub is up, stops before it
    app.on_shutdown.append(close_sockets)
    for api in APIS:
        app.add_routes(api.table)
    display.setup(app)
    openapi.setup(app, [*APIS, display.api])
    return app
