"""The hub: aiohttp REST and WebSocket API over a SQLite event store."""
