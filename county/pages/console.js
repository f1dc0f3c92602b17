// The county's console (县政务服务中心): every center live, figures, rankings, complaints.
// Plain JavaScript talking to the county service's own API; nothing comes from elsewhere.

const $ = (id) => document.getElementById(id);
const state = { token: sessionStorage.getItem("bianmin-county") || "", board: null,
  skewMs: 0, centers: [] };

async function api(method, path, body) {
  const resp = await fetch(path, {
    method,
    headers: { "Content-Type": "application/json",
      ...(state.token ? { Authorization: `Bearer ${state.token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await resp.json().catch(() => ({}));
  if (resp.status === 401 && path !== "/api/login") signOut("登录已失效，请重新登录。");
  if (!resp.ok) throw new Error((data.error && data.error.message) || `操作未成功（${resp.status}）`);
  return data;
}

function text(value) { return value === null || value === undefined ? "" : String(value); }
function cell(row, value, cls) {
  const td = row.insertCell(); td.textContent = text(value); if (cls) td.className = cls; return td;
}
function duration(seconds) {
  if (seconds === null || seconds === undefined) return "—";
  const s = Math.round(seconds);
  if (s < 60) return `${s}秒`;
  if (s < 3600) return `${Math.floor(s / 60)}分${s % 60}秒`;
  return `${Math.floor(s / 3600)}小时${Math.floor((s % 3600) / 60)}分`;
}
function ago(seconds) {
  if (seconds === null || seconds === undefined) return "从未";
  if (seconds < 60) return "刚刚";
  return `${duration(seconds)}前`;
}
function percent(value) { return value === null || value === undefined ? "—" : `${(value * 100).toFixed(1)}%`; }
// The county's own day (its time zone), from the service's clock.
function today() {
  return state.board ? state.board.now.slice(0, 10) : new Date().toISOString().slice(0, 10);
}
function daysBefore(day, n) {
  const d = new Date(`${day}T00:00:00Z`); d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}
function range(prefix) { return `from=${$(`${prefix}-from`).value}&to=${$(`${prefix}-to`).value}`; }

// ---- signing in ---------------------------------------------------------------------------
$("login-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const f = e.target;
  $("login-error").textContent = "";
  try {
    const signed = await api("POST", "/api/login", { staff_no: f.staff_no.value, pin: f.pin.value });
    state.token = signed.token; sessionStorage.setItem("bianmin-county", signed.token);
    f.pin.value = "";
    start(signed.name);
  } catch (err) { $("login-error").textContent = err.message; }
});
$("logout").addEventListener("click", async () => {
  await api("POST", "/api/logout", {}).catch(() => {});
  signOut("");
});
function signOut(message) {
  state.token = ""; sessionStorage.removeItem("bianmin-county");
  $("console").hidden = $("tabs").hidden = $("logout").hidden = true;
  $("login").hidden = false; $("who").textContent = "";
  $("login-error").textContent = message;
}
function start(name) {
  $("login").hidden = true;
  $("console").hidden = $("tabs").hidden = $("logout").hidden = false;
  $("who").textContent = name || "";
  if (!name) api("GET", "/api/me").then((me) => { $("who").textContent = me.name; }).catch(() => {});
  refreshBoard().then(() => {
    for (const p of ["fig", "rank", "comp", "center"]) {
      $(`${p}-to`).value = today(); $(`${p}-from`).value = p === "comp" ? daysBefore(today(), 30) : today();
    }
    loadComplaints();
  });
}
for (const b of document.querySelectorAll("#tabs button")) {
  b.addEventListener("click", () => {
    for (const x of document.querySelectorAll("#tabs button")) x.classList.toggle("active", x === b);
    for (const t of document.querySelectorAll(".tab")) t.hidden = t.id !== `tab-${b.dataset.tab}`;
    if (b.dataset.tab === "figures" && !$("figures").tBodies[0].rows.length) loadFigures();
    if (b.dataset.tab === "rankings") loadRankings();
    if (b.dataset.tab === "complaints") loadComplaints();
    if (b.dataset.tab === "center" && !$("center-figures").tBodies[0].rows.length) loadCenter();
  });
}

// ---- every center live --------------------------------------------------------------------
async function refreshBoard() {
  if (!state.token) return;
  try {
    const board = await api("GET", "/api/centers");
    state.board = board; state.skewMs = Date.parse(board.now) - Date.now();
    $("offline").hidden = true;
    renderBoard();
  } catch (err) { if (state.token) $("offline").hidden = false; }
}
function renderBoard() {
  const b = state.board;
  $("county-name").textContent = b.county;
  $("link-minutes").textContent = b.link_down_minutes;
  summary("board-summary", [["等候人数", b.waiting], ["开放窗口", b.windows_open],
    ["超时办理", b.overdue], ["打印机故障", b.printer_faults], ["链路中断", b.links_down]]);
  const body = $("board").tBodies[0]; body.textContent = "";
  for (const c of b.centers) {
    const row = body.insertRow();
    row.className = c.link === "never" ? "never" : (c.link_down ? "down" : "");
    row.dataset.center = c.id;
    cell(row, c.name);
    const link = { up: "正常", down: "链路中断", never: "从未连接" }[c.link];
    cell(row, c.link === "down" ? `${link}（${ago(c.seconds_since_contact)}）` : link,
      c.link === "up" ? "up" : "down");
    cell(row, c.waiting, "number");
    cell(row, `${c.windows_open} / ${c.windows}${c.windows_paused ? `（暂停 ${c.windows_paused}）` : ""}`);
    cell(row, c.serving, "number");
    cell(row, c.overdue, c.overdue ? "number bad" : "number");
    cell(row, c.printer_faults.length ? c.printer_faults.map((p) => `${p.device} ${p.status}`).join("，") : "无",
      c.printer_faults.length ? "bad" : "");
    cell(row, c.issued_today, "number");
    cell(row, c.served_today, "number");
    cell(row, ago(c.seconds_since_event));
    cell(row, c.behind ? `${c.behind} 条` : "—", "number");
  }
  state.centers = b.centers;
  const pick = $("center-pick");
  if (pick.options.length !== b.centers.length) {
    pick.textContent = "";
    for (const c of b.centers) pick.add(new Option(c.name, c.id));
  }
  const when = new Date(Date.now() + state.skewMs);
  $("clock").textContent = when.toLocaleString("zh-CN", { hour12: false });
}
function summary(id, items) {
  const box = $(id); box.textContent = "";
  for (const [label, value] of items) {
    const div = document.createElement("div"); const b = document.createElement("b");
    b.textContent = text(value); div.append(b, label); box.appendChild(div);
  }
}
setInterval(refreshBoard, 3000);

// ---- figures ------------------------------------------------------------------------------
const COLUMNS = [["label", "名称"], ["issued", "取号"], ["served", "办结"],
  ["wait_median", "等候中位数", duration], ["wait_p90", "等候90分位", duration],
  ["service_median", "办理中位数", duration], ["overdue", "超时"], ["no_shows", "过号"],
  ["transfers_out", "转出"], ["rating_satisfied", "满意"], ["rating_basic", "基本满意"],
  ["rating_unsatisfied", "不满意"], ["complaints", "投诉"], ["promises_late", "承诺超期"]];
function figureTable(id, rows) {
  const table = $(id);
  table.tHead.textContent = ""; const head = table.tHead.insertRow();
  for (const [, title] of COLUMNS) { const th = document.createElement("th"); th.textContent = title; head.appendChild(th); }
  const body = table.tBodies[0]; body.textContent = "";
  for (const r of rows) {
    const row = body.insertRow(); row.className = r.dimension;
    for (const [key, , format] of COLUMNS) cell(row, format ? format(r[key]) : r[key], key === "label" ? "" : "number");
  }
}
function totals(id, r) {
  const rated = r.rating_satisfied + r.rating_basic + r.rating_unsatisfied;
  summary(id, [["取号", r.issued], ["办结", r.served], ["等候中位数", duration(r.wait_median)],
    ["超时办结", r.overdue], ["满意率", rated ? percent((r.rating_satisfied + r.rating_basic) / rated) : "—"],
    ["投诉", r.complaints]]);
}
async function loadFigures() {
  const query = `${range("fig")}${$("fig-clerks").checked ? "&clerks=1" : ""}`;
  try {
    const data = await api("GET", `/api/figures?${query}`);
    const county = data.rows.find((r) => r.dimension === "county");
    if (county) totals("fig-summary", county);
    figureTable("figures", data.rows);
  } catch (err) { alert(err.message); }
  const q = `${range("fig")}&token=${encodeURIComponent(state.token)}`;
  $("fig-csv").href = `/api/figures.csv?${q}`; $("fig-xlsx").href = `/api/figures.xlsx?${q}`;
}
$("fig-refresh").addEventListener("click", loadFigures);

// ---- rankings -----------------------------------------------------------------------------
function rankingLists(id, rankings) {
  const box = $(id); box.textContent = "";
  for (const ranking of rankings) {
    const div = document.createElement("div"); const h = document.createElement("h4");
    h.textContent = `${ranking.title}（${ranking.lower_is_better ? "越低越好" : "越高越好"}）`;
    const list = document.createElement("ol");
    for (const r of ranking.rows.slice(0, 10)) {
      const li = document.createElement("li");
      const value = r.value === null ? "无数据" : (ranking.measure.endsWith("rate") || ranking.measure === "satisfaction"
        ? percent(r.value) : (ranking.measure === "wait_median" ? duration(r.value) : r.value));
      li.textContent = `${r.label}：${value}`;
      if (r.rank === null) li.className = "muted";
      list.appendChild(li);
    }
    div.append(h, list); box.appendChild(div);
  }
}
async function loadRankings() {
  try {
    const data = await api("GET", `/api/rankings?${range("rank")}`);
    rankingLists("rank-centers", data.centers);
    rankingLists("rank-windows", data.windows);
  } catch (err) { alert(err.message); }
}
$("rank-refresh").addEventListener("click", loadRankings);

// ---- complaints ---------------------------------------------------------------------------
async function loadComplaints() {
  let list = [];
  try { list = await api("GET", `/api/complaints?${range("comp")}`); } catch (err) { return; }
  $("open-complaints").textContent = list.filter((c) => !c.answered_at).length || "";
  const body = $("complaints").tBodies[0]; body.textContent = "";
  for (const c of list) {
    const row = body.insertRow(); if (!c.answered_at) row.className = "open";
    cell(row, c.center_name); cell(row, c.number);
    cell(row, c.lodged_at.replace("T", " ").slice(0, 16));
    cell(row, { kiosk: "取号机", web: "网上", phone: "电话", office: "办公室" }[c.channel] || c.channel);
    cell(row, [c.window ? `${c.window}号窗口` : "", c.clerk_name || ""].filter(Boolean).join(" "));
    cell(row, c.reason, "text");
    cell(row, c.answered_at ? c.state_name : `${c.state_name}（${c.days_open} 天）`, c.answered_at ? "" : "bad");
    cell(row, [...c.notes, c.result].filter(Boolean).join("；"), "text");
  }
}
$("comp-refresh").addEventListener("click", loadComplaints);

// ---- one center, as its own office sees it ------------------------------------------------
async function loadCenter() {
  const center = $("center-pick").value;
  if (!center) return;
  try {
    const data = await api("GET", `/api/centers/${center}/figures?${range("center")}`);
    const all = data.rows.find((r) => r.dimension === "all");
    if (all) totals("center-summary", all); else summary("center-summary", [["取号", 0]]);
    figureTable("center-figures", data.rows.filter((r) => r.dimension === $("center-dimension").value));
  } catch (err) { alert(err.message); }
  const q = `${range("center")}&token=${encodeURIComponent(state.token)}`;
  $("center-csv").href = `/api/centers/${center}/figures.csv?${q}`;
  $("center-xlsx").href = `/api/centers/${center}/figures.xlsx?${q}`;
}
$("center-refresh").addEventListener("click", loadCenter);
$("center-dimension").addEventListener("change", loadCenter);

if (state.token) start(""); else signOut("");
