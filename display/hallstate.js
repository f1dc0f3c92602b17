// The page's copy of the hall, kept from the hub's live messages (like bianmin/mirror.py).
// Everything it holds is bounded: the last calls (20), the windows, and the tickets now
// waiting; finished tickets are forgotten as their events arrive.

export const MAX_CALLS = 20;

// "2025-01-05T14:32:05.123+08:00" -> minutes east of UTC (480), for the hall's own clock.
export function offsetMinutes(iso) {
  const m = /([+-])(\d\d):(\d\d)$/.exec(iso || "");
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === "-" ? -minutes : minutes;
}

export class HallState {
  constructor() {
    this.ready = false;
    this.seq = 0;
    this.center = { name: "", name_en: "", english: false };
    this.matters = [];
    this.windows = new Map();
    this.waiting = new Map(); // ticket id -> matter prefix, for tickets in a matter's queue
    this.calls = [];
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
    }));
    this.windows = new Map((hall.windows || []).map((w) => [w.number, w]));
    this.waiting = new Map();
    for (const t of hall.tickets || []) this.track(t);
    this.calls = (hall.recent_calls || []).slice(0, MAX_CALLS).map((c) => ({
      seq: 0, ticket: c.ticket, number: c.number, window: c.window, at: c.at, recall: c.recall,
    }));
    this.notices = Array.isArray(hall.notices) ? hall.notices : null;
    if (hall.now) {
      this.skewMs = Date.parse(hall.now) - Date.now();
      this.tzMinutes = offsetMinutes(hall.now);
    }
  }

  track(ticket) {
    if (ticket.state === "waiting" && ticket.target_window == null) {
      this.waiting.set(ticket.id, ticket.queue_matter);
    } else {
      this.waiting.delete(ticket.id);
    }
  }

  // Folds one event in; returns the call it announces (call or recall), else null.
  apply(msg) {
    this.seq = msg.seq;
    if (msg.ticket) this.track(msg.ticket);
    if (msg.window) this.windows.set(msg.window.number, msg.window);
    if ((msg.kind === "ticket-called" || msg.kind === "ticket-recalled") && msg.ticket) {
      const call = {
        seq: msg.seq,
        ticket: msg.ticket.id,
        number: msg.ticket.number,
        window: msg.event.window ?? msg.ticket.window,
        at: msg.at,
        recall: msg.kind === "ticket-recalled",
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

  // The notices to show today; a notice's last day passes at the hall's midnight.
  currentNotices() {
    if (!this.notices) return null;
    const today = this.today();
    return this.notices.filter((n) => n.show_from <= today && today <= n.show_until);
  }

  waitingFor(prefix) {
    let n = 0;
    for (const p of this.waiting.values()) if (p === prefix) n++;
    return n;
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
