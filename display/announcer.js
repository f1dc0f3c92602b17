// The announcement queue: every call is said once, in the order the hub made them, one at a
// time. Calls are told apart by the hub's event sequence number, so a call seen twice (a
// reconnect, a resume) is not said twice, and calls from before a snapshot are never said.

import { announcement, sentence } from "./voice.js";

const MAX_QUEUE = 100; // a real hall never gets near this; it bounds memory if it ever does
const MAX_LOG = 200;

export class Announcer {
  constructor(player) {
    this.player = player;
    this.voice = {
      enabled: true, repeat: 2, number_reading: "digits", chime: true, max_age_seconds: 120,
    };
    this.muted = false;
    this.watermark = 0; // the highest sequence number offered
    this.queue = [];
    this.current = null;
    this.log = []; // what happened to each call offered, oldest first (the last MAX_LOG)
    this.running = false;
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
      seq: call.seq, number: call.number, window: call.window, recall: call.recall, status,
      ...extra,
    });
    if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);
  }

  // Offers a call or recall seen on the live feed; `age` is its age in seconds on the hub's
  // clock. Returns what was done with it.
  offer(call, age) {
    if (call.seq <= this.watermark) return "duplicate";
    this.watermark = call.seq;
    let status = "queued";
    if (!this.voice.enabled) status = "voice-off";
    else if (this.muted) status = "muted";
    else if (age > this.voice.max_age_seconds) status = "stale"; // missed while away, long ago
    if (status !== "queued") {
      this.record(call, status);
      return status;
    }
    this.queue.push(call);
    if (this.queue.length > MAX_QUEUE) this.record(this.queue.shift(), "dropped");
    this.pump();
    return status;
  }

  async pump() {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length) {
        const call = this.queue.shift();
        const style = this.voice.number_reading;
        const tokens = announcement(call.number, call.window, {
          style, repeat: this.voice.repeat, chime: this.voice.chime,
        });
        this.current = { ...call, tokens };
        const started = Date.now();
        let how = "muted"; // muted while it waited its turn
        if (!this.muted) {
          try {
            how = await this.player.play(
              tokens, sentence(call.number, call.window, style), this.voice.repeat);
          } catch (err) {
            console.error("announcement failed", err);
            how = "failed";
          }
        }
        this.record(call, how, { started, ended: Date.now(), tokens });
        this.current = null;
      }
    } finally {
      this.running = false;
    }
  }
}
