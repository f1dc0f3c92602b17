"""Shared state on the Application, under typed keys (no singletons)."""

from __future__ import annotations

from aiohttp import web

from bianmin.config import Config
from server.hub import Hub

CONFIG = web.AppKey("config", Config)
HUB = web.AppKey("hub", Hub)
