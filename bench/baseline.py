"""A trivial aiohttp JSON handler, for scale: what the same machine, load generator and HTTP
server give when a request does nothing but answer. Run by `bench.hub` in its own process:
`python -m bench.baseline PORT`."""

from __future__ import annotations

import sys

from aiohttp import web

from server.app import SERVER_OPTIONS

ANSWER = b'{"id":"20261130-A001","number":"A001","state":"waiting","ahead":0}'


async def issue(request: web.Request) -> web.Response:
    await request.read()
    return web.Response(body=ANSWER, status=201, content_type="application/json")


def main() -> None:
    app = web.Application()
    app.router.add_post("/api/tickets", issue)
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None,
                **SERVER_OPTIONS)


if __name__ == "__main__":
    main()
