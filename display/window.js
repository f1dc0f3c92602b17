// The screen above a window (窗口屏): follows the hub's live feed like the hall display and
// shows one window: its number and department, the clerk on duty (name, staff number, the
// photo if there is one), the number called or being served, 暂停服务 with the usual reason,
// 暂未开放 when nobody is signed in. Query: token (the display's device token).

import { Connection } from "./connection.js";
import { HallState } from "./hallstate.js";
import { fetchSettings } from "./settings.js";

const params = new URLSearchParams(location.search);
const token = params.get("token") || "";
const number = Number(location.pathname.split("/").pop());
const SETTINGS_RETRY_MS = 30000;
const FLASH = [
  { opacity: 1, offset: 0 }, { opacity: 0, offset: 0.08 }, { opacity: 1, offset: 0.16 },
  { opacity: 0, offset: 0.24 }, { opacity: 1, offset: 0.32 }, { opacity: 1, offset: 0.6 },
  { opacity: 0, offset: 1 },
];

const state = new HallState();
const $ = (id) => document.getElementById(id);
let assetsVersion = null;
let highlightSeconds = 8;
let settingsTimer = null;
let shown = ""; // what the screen shows now, to draw only on a change
let flashing = null;

function text(id, value) {
  const el = $(id);
  if (el.textContent !== value) el.textContent = value;
}

// What the window is doing: closed, paused, idle, called or serving.
function mode(w) {
  if (!w || w.status === "closed") return "closed";
  if (w.status === "paused") return "paused";
  return w.current ? w.current.state : "idle";
}

function draw() {
  const w = state.windows.get(number);
  const now = mode(w);
  document.body.className = `${now}${state.center.english ? " english" : ""}`;
  text("number", String(number));
  text("department", w ? w.department || w.label : "");
  text("department-en", w && w.label !== `${number}号窗口` ? w.label : "");
  text("center-name", state.center.name || "");
  const called = w && w.current;
  const recalled = called && state.calls.find((c) => c.ticket === called.id && c.recalls);
  const [label, labelEn, big, line, lineEn] = {
    closed: ["", "", "", "暂未开放", "Closed"],
    paused: ["", "", "", w && w.pause_note ? `暂停服务：${w.pause_note}` : "暂停服务",
      "Paused"],
    idle: ["", "", "", "请稍候，即将叫号", "Please wait for your number"],
    called: [recalled ? "再次呼叫" : "正在叫号", recalled ? "Calling again" : "Now calling",
      called ? called.number : "", "请到本窗口办理", "Please come to this window"],
    serving: ["正在办理", "Now serving", called ? called.number : "", "", ""],
  }[now];
  $("now-label").replaceChildren(label, ...(labelEn ? [" ", en(labelEn)] : []));
  $("now-label").hidden = !label;
  text("now-number", big);
  $("now-number").hidden = !big;
  text("now-text", line);
  $("now-text").hidden = !line;
  text("now-text-en", lineEn);
  // 挂牌上岗: the clerk on duty, as on their badge.
  const clerk = w && w.clerk;
  $("clerk").hidden = !clerk;
  if (clerk) {
    text("clerk-name", clerk.name);
    text("clerk-no", `工号 ${clerk.staff_no}`);
    const photo = $("photo");
    const src = clerk.photo ? `${clerk.photo}&token=${encodeURIComponent(token)}` : "";
    if (photo.getAttribute("src") !== src) {
      photo.hidden = !src;
      if (src) photo.src = src;
      else photo.removeAttribute("src");
    }
  }
  const serves = w ? w.matters.map((p) => state.matter(p)).filter(Boolean) : [];
  text("serves", serves.length ? `办理：${serves.map((m) => m.name).join("、")}` : "");
  const waiting = serves.reduce((n, m) => n + m.waiting, 0) + (w ? w.waiting_here : 0);
  $("waiting").replaceChildren(...(w && w.status !== "closed"
    ? ["等候 ", el("b", String(waiting)), " 人"] : []));
  shown = now + (called ? called.id : "");
}

function el(tag, value) {
  const node = document.createElement(tag);
  node.textContent = value;
  return node;
}

function en(value) {
  const node = el("span", value);
  node.className = "en";
  return node;
}

function flash() {
  if (highlightSeconds <= 0) return;
  if (flashing) flashing.cancel();
  flashing = $("now").animate(FLASH, {
    duration: highlightSeconds * 1000, easing: "ease-out", pseudoElement: "::before",
  });
}

function clock() {
  const now = state.hallClock();
  text("clock", `${String(now.getUTCHours()).padStart(2, "0")}:`
    + `${String(now.getUTCMinutes()).padStart(2, "0")}`);
}

function handle(msg) {
  if (msg.type === "snapshot") {
    state.load(msg.hall);
    draw();
    clock();
    return;
  }
  if (msg.type === "queues") {
    if (state.ready) {
      state.queues(msg);
      draw();
    }
    return;
  }
  if ((msg.type !== "event" && msg.type !== "skipped") || msg.seq <= state.seq) return;
  if (msg.seq !== state.seq + 1) {
    connection.resync(); // a gap: ask the hub again from what we have
    return;
  }
  if (msg.type === "skipped") {
    state.seq = msg.seq;
    return;
  }
  const call = state.apply(msg);
  if (msg.window && msg.window.number === number || call) {
    draw();
    if (call && call.window === number) flash();
  }
}

async function loadSettings() {
  clearTimeout(settingsTimer);
  const answer = await fetchSettings(token, "窗口屏设置读取失败，正在重试，请稍候。");
  if (answer === null) return; // the hub is away; asked again on the next connection
  if (answer.refused) {
    const { message } = answer;
    if (answer.status === 401 || answer.status === 403) {
      $("problem").hidden = false;
      $("problem").textContent = `${message}（请中心办公室检查窗口屏的令牌设置）`;
    }
    settingsTimer = setTimeout(loadSettings, SETTINGS_RETRY_MS);
    return;
  }
  $("problem").hidden = true;
  const loaded = answer.settings;
  if (assetsVersion !== null && loaded.version !== assetsVersion) {
    location.reload(); // the hub was upgraded: take its new page
    return;
  }
  assetsVersion = loaded.version;
  highlightSeconds = loaded.highlight_seconds;
  const root = document.documentElement.style;
  for (const [name, value] of Object.entries(loaded.colours || {})) {
    root.setProperty(`--${name}`, value);
  }
  root.setProperty("--scale", String(loaded.scale || 1));
}

const connection = new Connection({
  token,
  since: () => (state.ready ? state.seq : null),
  onMessage: handle,
  onStatus: (up) => {
    $("connection").hidden = up;
    if (up) loadSettings();
  },
});

setInterval(clock, 1000);
window.__window = { state, connection, handle, number, shown: () => shown };
loadSettings();
connection.start();
