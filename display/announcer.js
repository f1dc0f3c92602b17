// The announcement queue: each call is said in the hub's order, one at a time, while it still
// matters. Calls are told apart by the hub's event sequence number, so a call seen twice (a
// reconnect, a resume) is not said twice, and calls from before a snapshot are never said.
//
// Keeping up with a busy hall:
// - a call whose ticket is no longer being called (started, no-show, cancelled, finished,
//   transferred) when its turn comes is dropped ("ended"), and a saying under way stops at
//   its next pause;
// - a recall of a ticket already waiting to be said, or being said, adds nothing
//   ("collapsed"): the resident hears it once more, not three times in a row;
// - with nothing else waiting a call gets the configured form (the chime after a quiet
//   spell, the call `repeat` times, then the English); when others wait, each is said once,
//   briefly ("A012 号，3 号窗口"), and a full form under way stops at its next pause.

import { CHIME, PAUSE, briefTokens, callTokens, englishTokens, textOf } from "./voice.js";

const MAX_QUEUE = 100; // calls current at once are at most one per window; this is a guard
const MAX_LOG = 200;
const QUIET_MS = 4000; // the chime starts a run of calls after this long without speech

export class Announcer {
  // `isCurrent(call)`: whether the call's ticket is still being called at its window.
  constructor(player, isCurrent = () => true) {
    this.player = player;
    this.isCurrent = isCurrent;
    this.voice = {
      enabled: true, repeat: 2, number_reading: "digits", chime: true, english: false,
      max_age_seconds: 120,
    };
    this.muted = false;
    this.watermark = 0; // the highest sequence number offered
    this.queue = [];
    this.current = null;
    this.log = []; // what happened to each call offered, oldest first (the last MAX_LOG)
    this.running = false;
    this.lastSpoke = -Infinity; // when the voice last fell silent (Date.now())
  }

  configure(voice) {
    this.voice = { ...this.voice, ...voice };
  }

  setMuted(muted) {
    this.muted = muted;
  }

  // After a snapshot: its calls are history, not news. Pending calls are still said.
  resetTo(seq) {
    this.watermark = seq;
  }

  record(call, status, extra = {}) {
    this.log.push({
      seq: call.seq, ticket: call.ticket, number: call.number, window: call.window,
      recall: call.recall, offered: call.offered, status, ...extra,
    });
    if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);
  }

  // Offers a call or recall seen on the live feed; `age` is its age in seconds on the hub's
  // clock. Returns what was done with it.
  offer(call, age) {
    if (call.seq <= this.watermark) return "duplicate";
    this.watermark = call.seq;
    call = { ...call, offered: Date.now() };
    let status = "queued";
    if (!this.voice.enabled) status = "voice-off";
    else if (this.muted) status = "muted";
    else if (age > this.voice.max_age_seconds) status = "too-old"; // missed while away
    else if (this.current && this.current.ticket === call.ticket) status = "collapsed";
    else if (this.queue.some((q) => q.ticket === call.ticket)) status = "collapsed";
    if (status !== "queued") {
      this.record(call, status);
      return status;
    }
    this.queue.push(call);
    if (this.queue.length > MAX_QUEUE) this.record(this.queue.shift(), "dropped");
    // On the next turn: the other calls of a burst, already on their way, are seen first,
    // and the first of them is said briefly too.
    setTimeout(() => this.pump(), 0);
    return status;
  }

  // Drops the waiting calls that no longer matter (their tickets were started or ended).
  settle() {
    const kept = [];
    for (const call of this.queue) {
      if (this.isCurrent(call)) kept.push(call);
      else this.record(call, "ended", { at: Date.now() });
    }
    this.queue = kept;
  }

  // The parts of one announcement, each a run of tokens said without a break. Between parts
  // the announcer may stop: the call ended, or another is waiting.
  parts(call, busy) {
    const style = this.voice.number_reading;
    const quiet = Date.now() - this.lastSpoke >= QUIET_MS / this.player.speed;
    const chime = this.voice.chime && quiet ? [[CHIME]] : [];
    if (busy) {
      return { form: "brief", parts: [...chime, briefTokens(call.number, call.window, style)] };
    }
    const once = callTokens(call.number, call.window, style);
    const parts = [...chime];
    for (let i = 0; i < Math.max(1, this.voice.repeat); i++) {
      parts.push(i ? [PAUSE, ...once] : once);
    }
    if (this.voice.english) parts.push([PAUSE, ...englishTokens(call.number, call.window)]);
    return { form: "full", parts };
  }

  async pump() {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length) {
        const call = this.queue.shift();
        if (!this.isCurrent(call)) {
          this.record(call, "ended", { at: Date.now() });
          continue;
        }
        const { form, parts } = this.parts(call, this.queue.length > 0);
        this.current = { ...call, form };
        const started = Date.now();
        const said = [];
        let how = "muted"; // muted while it waited its turn
        let cut = false;
        let sayings = 0;
        for (const part of parts) {
          const others = this.queue.length > 0;
          if (sayings && (others || !this.isCurrent(call))) {
            cut = true; // others wait, or the resident has come: stop at this pause
            break;
          }
          if (this.muted) break;
          try {
            how = await this.player.play(part, textOf(part));
          } catch (err) {
            console.error("announcement failed", err);
            how = "failed";
            break;
          }
          said.push(...part);
          if (part[0] !== CHIME) sayings++;
        }
        this.lastSpoke = Date.now();
        this.record(call, how, { started, ended: this.lastSpoke, tokens: said, form, cut });
        this.current = null;
      }
    } finally {
      this.running = false;
    }
  }
}
