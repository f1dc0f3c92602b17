"""Shared state on the Application, under typed keys (no singletons)."""

from __future__ import annotations

from aiohttp import web

from bianmin.config import Config
from server.hub import Hub
from server.ratelimit import RateLimit

CONFIG = web.AppKey("config", Config)
HUB = web.AppKey("hub", Hub)
# What anyone may do without signing in, per address: book online, lodge a complaint.
BOOKING_LIMIT = web.AppKey("booking_limit", RateLimit)
COMPLAINT_LIMIT = web.AppKey("complaint_limit", RateLimit)
PHONE_RATING_LIMIT = web.AppKey("phone_rating_limit", RateLimit)  # rate from a phone
# Looking a complaint up: every lookup per address, and wrong guesses per complaint number.
LOOKUP_LIMIT = web.AppKey("lookup_limit", RateLimit)
GUESS_LIMIT = web.AppKey("guess_limit", RateLimit)
