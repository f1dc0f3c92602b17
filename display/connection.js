// The live feed: one WebSocket to the hub at a time, reopened with growing pauses when it
// drops, resuming from the last sequence number the page has. A socket that goes quiet (a
// pulled cable never says goodbye) is noticed by its missing answers to our pings.
// The hub's other pages (the office console, the rating pad) follow the hub with it too.

const MIN_BACKOFF = 500;
const MAX_BACKOFF = 10000;
const PING_EVERY = 15000;
const SILENCE_LIMIT = 40000;

export class Connection {
  // `since()` gives the last sequence number seen, or null before the first snapshot.
  constructor({ token, since, onMessage, onStatus }) {
    this.token = token;
    this.since = since;
    this.onMessage = onMessage;
    this.onStatus = onStatus;
    this.ws = null;
    this.connected = false;
    this.backoff = MIN_BACKOFF;
    this.retryTimer = null;
    this.lastHeard = Date.now();
    this.opened = 0; // sockets opened since the page loaded
    this.stopped = false;
    this.watcher = setInterval(() => this.watch(), PING_EVERY);
  }

  // For good (the office signing out): no socket, no retry, no pings.
  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.watcher);
    const ws = this.ws;
    this.ws = null;
    this.connected = false;
    if (ws) {
      ws.onmessage = ws.onclose = ws.onerror = null;
      ws.close();
    }
  }

  url() {
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    const since = this.since();
    let url = `${proto}//${location.host}/api/ws?token=${encodeURIComponent(this.token)}`;
    if (since !== null) url += `&since=${since}`;
    return url;
  }

  start() {
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    let ws;
    try {
      ws = new WebSocket(this.url());
    } catch (err) {
      this.dropped(null);
      return;
    }
    this.ws = ws;
    this.opened++;
    ws.onmessage = (e) => {
      if (ws !== this.ws) return;
      this.lastHeard = Date.now();
      let msg;
      try {
        msg = JSON.parse(e.data);
      } catch {
        return;
      }
      if (!this.connected && (msg.type === "snapshot" || msg.type === "resume")) {
        this.connected = true;
        this.backoff = MIN_BACKOFF; // only a socket that delivered counts as a success
        this.onStatus(true);
      }
      this.onMessage(msg);
    };
    ws.onclose = () => this.dropped(ws);
    ws.onerror = () => ws.close();
  }

  dropped(ws) {
    if (this.stopped || ws !== this.ws || this.retryTimer !== null) return;
    if (ws) ws.onmessage = ws.onclose = ws.onerror = null;
    this.ws = null;
    this.connected = false;
    this.onStatus(false);
    const wait = this.backoff * (0.8 + 0.4 * Math.random());
    this.backoff = Math.min(MAX_BACKOFF, this.backoff * 2);
    this.retryTimer = setTimeout(() => this.start(), wait);
  }

  // Close and reopen at once, resuming from the page's sequence number (used on a gap).
  resync() {
    const ws = this.ws;
    if (!ws) return;
    ws.onmessage = ws.onclose = ws.onerror = null;
    ws.close();
    this.ws = null;
    this.connected = false;
    this.start();
  }

  watch() {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    if (Date.now() - this.lastHeard > SILENCE_LIMIT) {
      this.dropped(ws);
      ws.close();
      return;
    }
    ws.send("ping");
  }
}
