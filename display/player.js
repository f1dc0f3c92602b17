// Plays one announcement: the hub's voice clips joined with Web Audio, or, when a clip cannot
// be had, the browser's own speech engine. `play` always settles: a watchdog ends a sound that
// never reports its end (a suspended audio device, a speech engine without a Chinese voice).

import { PAUSE } from "./voice.js";

const TOKEN_GAP = 0.04; // seconds between two clips of one sentence
const BRISK_GAP = 0.01; // ... said at the brisk pace
const FETCH_MS = 5000;

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class Player {
  constructor({ speed = 1 } = {}) {
    this.speed = speed; // > 1 only in tests, to hear a burst of calls quickly
    this.ctx = null;
    this.gain = null;
    this.urls = {}; // token -> clip URL, or null when the hub has no clip for it
    this.buffers = new Map(); // URL -> decoded AudioBuffer; as many as there are tokens
    this.token = "";
    this.volume = 1;
    this.gapMs = 700;
    this.muted = false;
  }

  // Muting silences what is being said at once, not only the calls still to come.
  silence(muted) {
    this.muted = muted;
    if (this.gain) this.gain.gain.value = muted ? 0 : this.volume;
    if (muted && globalThis.speechSynthesis) speechSynthesis.cancel();
  }

  configure({ clips, token, volume, gapMs }) {
    this.token = token;
    this.volume = volume;
    this.gapMs = gapMs;
    this.urls = clips || {};
    const wanted = new Set(Object.values(this.urls));
    for (const url of [...this.buffers.keys()]) if (!wanted.has(url)) this.buffers.delete(url);
    if (this.gain) this.gain.gain.value = this.muted ? 0 : volume;
  }

  context() {
    if (!this.ctx && typeof AudioContext !== "undefined") {
      this.ctx = new AudioContext();
      this.gain = this.ctx.createGain();
      this.gain.gain.value = this.muted ? 0 : this.volume;
      this.gain.connect(this.ctx.destination);
    }
    return this.ctx;
  }

  // True when the browser holds sound back until someone touches the screen.
  get blocked() {
    const ctx = this.context();
    return !ctx || ctx.state !== "running";
  }

  unlock() {
    const ctx = this.context();
    if (ctx && ctx.state !== "running") ctx.resume().catch(() => {});
  }

  async buffer(token) {
    const url = this.urls[token];
    if (!url) throw new Error(`no clip for ${token}`);
    let buf = this.buffers.get(url);
    if (!buf) {
      const ctl = new AbortController();
      const timer = setTimeout(() => ctl.abort(), FETCH_MS);
      try {
        const sep = url.includes("?") ? "&" : "?";
        const resp = await fetch(`${url}${sep}token=${encodeURIComponent(this.token)}`,
          { signal: ctl.signal });
        if (!resp.ok) throw new Error(`clip ${token}: HTTP ${resp.status}`);
        buf = await this.context().decodeAudioData(await resp.arrayBuffer());
      } finally {
        clearTimeout(timer);
      }
      this.buffers.set(url, buf);
    }
    return buf;
  }

  // Plays `tokens` (a PAUSE among them waits `gapMs`); `text` is what they say, for the
  // browser's speech engine when clips cannot be had. Returns how: "clips", "speech", "none"
  // or "blocked" (the browser holds sound back).
  async play(tokens, text) {
    const ctx = this.context();
    if (ctx) {
      let buffers = null;
      try {
        // A call names most clips more than once (号 four times): each is fetched once.
        const clips = new Map();
        for (const t of tokens) if (t !== PAUSE && !clips.has(t)) clips.set(t, this.buffer(t));
        buffers = await Promise.all(tokens.map((t) => (t === PAUSE ? null : clips.get(t))));
      } catch (err) {
        console.warn("voice clips unavailable, using the browser's speech:", err);
      }
      if (buffers) {
        await this.schedule(ctx, tokens, buffers);
        return ctx.state === "running" ? "clips" : "blocked";
      }
    }
    if (tokens[0] === PAUSE) await sleep(this.gapMs / this.speed);
    if (!text) return "none"; // the chime alone, without Web Audio
    return this.speak(text, tokens.some((t) => t.startsWith("en-")) ? "en" : "zh-CN");
  }

  async schedule(ctx, tokens, buffers) {
    const start = ctx.currentTime + 0.05 / this.speed;
    let t = start;
    for (const [i, buf] of buffers.entries()) {
      if (buf === null) {
        t += this.gapMs / 1000 / this.speed;
        continue;
      }
      const gap = tokens[i].startsWith("brisk-") ? BRISK_GAP : TOKEN_GAP;
      const src = ctx.createBufferSource();
      src.buffer = buf;
      src.playbackRate.value = this.speed;
      src.connect(this.gain);
      src.start(t);
      t += buf.duration / this.speed + gap / this.speed;
    }
    const deadline = Date.now() + (t - ctx.currentTime) * 1000 + 2000;
    while (ctx.currentTime < t && Date.now() < deadline) {
      await sleep(Math.min(100, Math.max(10, (t - ctx.currentTime) * 1000)));
    }
  }

  async speak(text, lang) {
    const synth = globalThis.speechSynthesis;
    if (!synth || typeof SpeechSynthesisUtterance === "undefined") {
      await sleep(1500 / this.speed);
      return "none";
    }
    const u = new SpeechSynthesisUtterance(text);
    u.lang = lang;
    u.rate = Math.min(10, 0.9 * this.speed);
    u.volume = this.volume;
    const prefix = lang.slice(0, 2);
    const voice = synth.getVoices().find((v) => v.lang && v.lang.toLowerCase().startsWith(prefix));
    if (voice) u.voice = voice;
    const done = new Promise((resolve) => {
      u.onend = resolve;
      u.onerror = resolve;
    });
    synth.speak(u);
    // A speech engine without the language's voice may never say it is done.
    const limit = (text.length * (lang === "en" ? 120 : 350) + 2000) / this.speed;
    await Promise.race([done, sleep(limit)]);
    synth.cancel();
    return "speech";
  }
}
