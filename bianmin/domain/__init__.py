"""The hall's rules as pure functions and dataclasses: no asyncio, no I/O, the clock passed in.

Each rule has one home; the hub, the kiosk, the counter, the display, the office console and
the figures show what these compute and keep no copy of their own:

- a ticket's life, which step is legal when: `ticket` (`ALLOWED`, `apply`);
- what a command means (no pushing away: a transfer needs a target and a reason; the first
  responder; urgent): `hall` (`Hall.decide`), windows signing in and pausing: `windows`;
- numbering per matter per local day, never reused: `numbering`;
- queue order, who is called next and how many are ahead: `queue` (`WaitingQueues` in the
  hub, `call_order` on a client's copy);
- time limits (限时办结制): the serving limit, its warning point and overdue, and promised
  dates: `limits` (`serving_limit`, `overdue`, `promise_status`);
- supervision (督办) of transferred tickets and when one stalls: `supervision`;
- appointments, complaints, ratings and notices: `office` with `appointments`,
  `complaints`, `notices`; the five levels of 好差评 and the cases bad ratings open: `cases`;
  working days and deadlines: `workdays`; masking personal data: `privacy`;
- the figures (考核), read from the events alone: `figures`; the month's assessment of
  windows and clerks, ranked: `assessment`;
- the error root and its kinds: `errors`.

The import rules (`[tool.importlinter]` in `pyproject.toml`) keep this package on the standard
library alone.
"""
