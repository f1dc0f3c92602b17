"""The app factory: routes, middleware, and the hub opened and closed with the application."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import datetime

from aiohttp import web

from bianmin.config import Config
from display import web as display_web
from server.edge import EDGE, LIMITS, Edge, Limits, middleware
from server.errors import error_middleware
from server.hub import TICK_SECONDS, Clock, Hub
from server.keys import BOOKING_LIMIT, COMPLAINT_LIMIT, CONFIG, HUB
from server.openapi import routes as openapi_routes
from server.ratelimit import RateLimit
from server.views.appointments import routes as appointment_routes
from server.views.complaints import routes as complaint_routes
from server.views.figures import routes as figure_routes
from server.views.hall import routes as hall_routes
from server.views.live import routes as live_routes
from server.views.notices import routes as notice_routes
from server.views.pages import routes as page_routes
from server.views.ratings import routes as rating_routes
from server.views.session import routes as session_routes
from server.views.status_page import routes as status_page_routes
from server.views.tickets import routes as ticket_routes
from server.views.windows import routes as window_routes

log = logging.getLogger("bianmin.hub")


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
    app.on_shutdown.append(close_sockets)
    for table in (session_routes, ticket_routes, window_routes, hall_routes, live_routes,
                  openapi_routes, appointment_routes, complaint_routes, notice_routes,
                  rating_routes, figure_routes, page_routes):
        app.add_routes(table)
    app.add_routes(status_page_routes)
    display_web.setup(app)
    return app
