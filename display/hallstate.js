// The page's copy of the hall, kept from the hub's live messages (like bianmin/mirror.py).
// It holds what the screens show and nothing else: the windows, the last calls (one row per
// ticket, 20 at most), how many wait for each matter and about how long, the notices.
// The hub sends counts, never the tickets themselves.

export const MAX_CALLS = 20;

// "2025-01-05T14:32:05.123+08:00" -> minutes east of UTC (480), for the hall's own clock.
export function offsetMinutes(iso) {
  const m = /([+-])(\d\d):(\d\d)$/.exec(iso || "");
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === "-" ? -minutes : minutes;
}

// The hub's last calls (newest first, a recall as a call of its own) as one row per ticket:
// its latest call or recall, and how many recalls it has had.
export function callRows(calls) {
  const rows = new Map();
  for (const c of calls) {
    const row = rows.get(c.ticket);
    if (row) {
      if (c.recall) row.recalls++;
      continue;
    }
    rows.set(c.ticket, {
      seq: c.seq || 0, ticket: c.ticket, number: c.number, window: c.window, at: c.at,
      recall: c.recall, recalls: c.recall ? 1 : 0,
    });
  }
  return [...rows.values()];
}

export class HallState {
  constructor() {
    this.ready = false;
    this.seq = 0;
    this.center = { name: "", name_en: "", english: false };
    this.matters = [];
    this.windows = new Map();
    this.calls = []; // rows, newest first: {seq, ticket, number, window, at, recall, recalls}
    this.notices = null; // an array once the hub publishes notices (办结公告)
    this.skewMs = 0; // hub clock minus this box's clock
    this.tzMinutes = 480;
  }

  load(hall) {
    this.ready = true;
    this.seq = hall.seq;
    this.center = hall.center || this.center;
    this.matters = (hall.matters || []).map((m) => ({
      prefix: m.prefix, name: m.name, name_en: m.name_en || "", windows: m.windows || [],
      waiting: m.waiting || 0, wait: m.wait_minutes ?? null,
    }));
    this.windows = new Map((hall.windows || []).map((w) => [w.number, w]));
    this.calls = callRows(hall.recent_calls || []).slice(0, MAX_CALLS);
    this.notices = Array.isArray(hall.notices) ? hall.notices : null;
    if (hall.now) {
      this.skewMs = Date.parse(hall.now) - Date.now();
      this.tzMinutes = offsetMinutes(hall.now);
    }
  }

  // How many wait for each matter and 预计等候, as the hub last counted them.
  queues(msg) {
    for (const m of this.matters) {
      if (m.prefix in (msg.waiting || {})) m.waiting = msg.waiting[m.prefix];
      if (m.prefix in (msg.wait_minutes || {})) m.wait = msg.wait_minutes[m.prefix];
    }
  }

  // Folds one event in; returns the call it announces (call or recall), else null.
  apply(msg) {
    this.seq = msg.seq;
    if (msg.window) this.windows.set(msg.window.number, msg.window);
    if ((msg.kind === "ticket-called" || msg.kind === "ticket-recalled") && msg.ticket) {
      const recall = msg.kind === "ticket-recalled";
      const before = this.calls.findIndex((c) => c.ticket === msg.ticket.id);
      const recalls = recall && before >= 0 ? this.calls[before].recalls + 1 : (recall ? 1 : 0);
      if (before >= 0) this.calls.splice(before, 1);
      const call = {
        seq: msg.seq,
        ticket: msg.ticket.id,
        number: msg.ticket.number,
        window: msg.event.window ?? msg.ticket.window,
        at: msg.at,
        recall,
        recalls,
      };
      this.calls.unshift(call);
      if (this.calls.length > MAX_CALLS) this.calls.length = MAX_CALLS;
      return call;
    }
    if (msg.kind === "notice-published" || msg.kind === "notice-withdrawn") {
      const e = msg.event; // masked by the hub: names, phones and ID numbers hidden
      const kept = (this.notices || []).filter((n) => n.id !== e.notice);
      if (msg.kind === "notice-published") {
        kept.push({ id: e.notice, title: e.title, text: e.text,
          show_from: e.show_from, show_until: e.show_until });
      }
      this.notices = kept;
    }
    return null;
  }

  // Whether `ticket` is being called at `window` now: called, and neither started nor ended.
  isCalled(ticket, window) {
    const w = this.windows.get(window);
    return !!(w && w.current && w.current.id === ticket && w.current.state === "called");
  }

  // The newest call still being called, for the big number; null when none is.
  currentCall() {
    return this.todaysCalls().find((c) => this.isCalled(c.ticket, c.window)) || null;
  }

  // The notices to show today; a notice's last day passes at the hall's midnight.
  currentNotices() {
    if (!this.notices) return null;
    const today = this.today();
    return this.notices.filter((n) => n.show_from <= today && today <= n.show_until);
  }

  matter(prefix) {
    return this.matters.find((m) => m.prefix === prefix) || null;
  }

  // The hub's time now, as a Date whose UTC fields read as the hall's local time.
  hallClock() {
    return new Date(Date.now() + this.skewMs + this.tzMinutes * 60000);
  }

  today() {
    return this.hallClock().toISOString().slice(0, 10);
  }

  ageSeconds(iso) {
    return (Date.now() + this.skewMs - Date.parse(iso)) / 1000;
  }

  // Today's calls only: yesterday's last calls mean nothing to this morning's hall.
  todaysCalls() {
    const today = this.today();
    return this.calls.filter((c) => (c.at || "").slice(0, 10) === today);
  }
}
