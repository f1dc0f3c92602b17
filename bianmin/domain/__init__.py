"""The hall's rules as pure functions and dataclasses: no asyncio, no I/O, the clock passed in."""
