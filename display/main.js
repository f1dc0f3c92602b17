// The hall display page: follows the hub's live feed, draws the hall and says each call.
// Query: token (the display's device token); muted=1 starts without sound; speed=N (tests
// only) plays the voice N times faster so a burst of calls is heard in seconds.

import { Announcer } from "./announcer.js";
import { Connection } from "./connection.js";
import { HallState } from "./hallstate.js";
import { Player } from "./player.js";
import { View } from "./view.js";
import { fetchSettings } from "./settings.js";

const params = new URLSearchParams(location.search);
const token = params.get("token") || "";
const MUTE_KEY = "bianmin.display.muted";
const SETTINGS_RETRY_MS = 30000;

const state = new HallState();
const view = new View();
const player = new Player({ speed: Math.max(1, Number(params.get("speed")) || 1) });
// A call is said only while its ticket is still being called at its window.
const announcer = new Announcer(player, (call) => state.isCalled(call.ticket, call.window));
let settings = { recent_calls: 8, highlight_seconds: 8, notice_seconds: 12 };
let assetsVersion = null;
let noticeIndex = 0;
let noticePage = 0;
let noticePages = 1;
let noticeShownAt = 0;
let settingsTimer = null;
let shownCall = null; // the ticket of the call in the big number

function renderHall() {
  view.center(state.center);
  showCurrent(0);
  view.recent(state.todaysCalls(), settings.recent_calls);
  view.windows(state.windows);
  view.waiting(state.matters);
  showNotice();
}

// The big number: the newest call still being called, flashing when it is a new call.
function showCurrent(highlightSeconds) {
  const call = state.currentCall();
  const key = call ? `${call.seq}:${call.ticket}` : null;
  if (key === shownCall && !highlightSeconds) return;
  shownCall = key;
  view.now(call, highlightSeconds);
}

function showNotice() {
  noticePages = view.notice(state.currentNotices(), noticeIndex, noticePage);
}

// What changed since the screen was last drawn. Drawing waits for the current burst of
// messages to be folded in (a resume may bring thousands), then happens once.
const dirty = new Set();
let drawQueued = false;

function invalidate(part) {
  dirty.add(part);
  if (!drawQueued) {
    drawQueued = true;
    setTimeout(draw, 0);
  }
}

function draw() {
  drawQueued = false;
  if (dirty.has("hall")) {
    renderHall();
  } else {
    if (dirty.has("windows")) view.windows(state.windows);
    if (dirty.has("waiting")) view.waiting(state.matters);
    if (dirty.has("now")) showCurrent(settings.highlight_seconds);
    else if (dirty.has("windows")) showCurrent(0); // started or ended: it leaves 正在叫号
    if (dirty.has("call")) view.recent(state.todaysCalls(), settings.recent_calls);
    if (dirty.has("notices")) showNotice();
  }
  dirty.clear();
}

function handle(msg) {
  if (msg.type === "snapshot") {
    state.load(msg.hall);
    noticeIndex = 0;
    noticePage = 0;
    noticeShownAt = Date.now();
    announcer.resetTo(state.seq);
    view.clock(state.hallClock());
    dirty.clear();
    invalidate("hall");
    return;
  }
  if (msg.type === "queues") {
    if (state.ready) {
      state.queues(msg);
      invalidate("waiting");
    }
    return;
  }
  if ((msg.type !== "event" && msg.type !== "skipped") || msg.seq <= state.seq) return;
  if (msg.seq !== state.seq + 1) {
    connection.resync(); // a gap: ask the hub again from what we have
    return;
  }
  if (msg.type === "skipped") { // an event the hall does not hear of: only its number
    state.seq = msg.seq;
    return;
  }
  const call = state.apply(msg);
  if (msg.kind.startsWith("notice-")) {
    noticeIndex = 0;
    noticePage = 0;
    noticeShownAt = Date.now();
    invalidate("notices");
  }
  if (msg.window) invalidate("windows");
  if (call) {
    // The number everyone waits for goes up at once, unless a burst is being folded in.
    if (drawQueued) dirty.add("now");
    else showCurrent(settings.highlight_seconds);
    invalidate("call");
    announcer.offer(call, state.ageSeconds(call.at));
  } else if (msg.window) {
    announcer.settle(); // a call just started or ended is not said any more
  }
}

async function loadSettings() {
  clearTimeout(settingsTimer);
  const answer = await fetchSettings(token, "显示屏设置读取失败，正在重试，请稍候。");
  if (answer === null) return; // the hub is away; asked again on the next connection
  if (answer.refused) {
    const { message } = answer;
    if (answer.status === 401 || answer.status === 403) {
      view.problem(`${message}（请中心办公室检查显示屏令牌设置）`);
    }
    settingsTimer = setTimeout(loadSettings, SETTINGS_RETRY_MS);
    return;
  }
  view.problem("");
  const loaded = answer.settings;
  if (assetsVersion !== null && loaded.version !== assetsVersion) {
    location.reload(); // the hub was upgraded: take its new page
    return;
  }
  assetsVersion = loaded.version;
  settings = loaded;
  view.applySettings(settings);
  announcer.configure(settings.voice);
  player.configure({
    clips: settings.clips, token, volume: settings.voice.volume, gapMs: settings.voice.gap_ms,
  });
  if (state.ready) invalidate("hall");
}

function setMuted(muted, remember = true) {
  announcer.setMuted(muted);
  player.silence(muted);
  view.muted(muted);
  if (!remember) return;
  try {
    localStorage.setItem(MUTE_KEY, muted ? "1" : "0");
  } catch { /* storage may be off in a kiosk profile */ }
}

function storedMute() {
  if (params.get("muted") === "1") return true;
  try {
    return localStorage.getItem(MUTE_KEY) === "1";
  } catch {
    return false;
  }
}

const connection = new Connection({
  token,
  since: () => (state.ready ? state.seq : null),
  onMessage: handle,
  onStatus: (up) => {
    view.connection(up);
    if (up) loadSettings(); // settings may have changed while the hub was away
  },
});

// Asks for a touch only when sound is wanted and the browser holds it back.
function showSoundHint() {
  view.soundHint(player.blocked && !announcer.muted && announcer.voice.enabled);
}

function unlockSound() {
  player.unlock();
  setTimeout(showSoundHint, 300);
}

document.getElementById("mute").addEventListener("click", (e) => {
  e.stopPropagation();
  unlockSound();
  setMuted(!announcer.muted);
});
document.addEventListener("click", unlockSound);
window.addEventListener("resize", () => {
  if (state.ready) invalidate("hall"); // as many recent calls as fit, a notice's pages
});
document.addEventListener("keydown", (e) => {
  unlockSound();
  if (e.key === "m" || e.key === "M") setMuted(!announcer.muted);
});

let shownDay = state.today();
setInterval(() => {
  view.clock(state.hallClock());
  showSoundHint();
  if (state.ready && state.today() !== shownDay) {
    shownDay = state.today();
    invalidate("hall"); // a new day: yesterday's calls leave the screen
  }
  // A notice's pages one after another, then the next notice: each for notice_seconds.
  const notices = state.currentNotices();
  const due = Date.now() - noticeShownAt >= 1000 * settings.notice_seconds;
  if (notices && notices.length && due && (notices.length > 1 || noticePages > 1)) {
    noticePage++;
    if (noticePage >= noticePages) {
      noticePage = 0;
      noticeIndex = (noticeIndex + 1) % notices.length;
    }
    noticeShownAt = Date.now();
    showNotice();
  }
}, 1000);

setMuted(storedMute(), false);
view.clock(state.hallClock());
showSoundHint();
window.__display = {
  boot: `${Date.now()}-${Math.random().toString(36).slice(2)}`,
  state, announcer, player, connection, handle, view,
  settings: () => settings,
  notice: () => ({ index: noticeIndex, page: noticePage, pages: noticePages }),
};
loadSettings();
connection.start();
