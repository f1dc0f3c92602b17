// The office console (中心办公室): the hall live, appointments, complaints, bad ratings' cases,
// notices, figures and the month's 考核. Plain JavaScript talking to the hub's own API; nothing
// is fetched from elsewhere. It follows the hub with the hall display's own live-feed code.
import { Connection } from "/display/connection.js";
import { offsetMinutes } from "/display/hallstate.js";
import { columns, hbars, LEVELS } from "/pages/chart.js";
import { render as renderReport } from "/pages/report.js";

(function () {
  const $ = (id) => document.getElementById(id);
  const office = { token: sessionStorage.getItem("bianmin-office") || "", hall: null, skewMs: 0,
    tickets: new Map(), windows: new Map(), seq: null, live: null, figures: null,
    me: "", doneToday: new Map(), doneDay: null, cases: [], report: null, moves: [],
    bundleFigures: null };
  window.office = office;  // for tests and for anyone debugging the console

  // ---- the API ------------------------------------------------------------------------
  async function api(method, path, body) {
    const resp = await fetch(path, {
      method,
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${office.token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await resp.json().catch(() => ({}));
    if (resp.status === 401 && path !== "/api/login") {
      signOut((data.error && data.error.message) || "登录已失效，请重新登录。");  // says why
    }
    if (!resp.ok) throw new Error((data.error && data.error.message) || `操作未成功（${resp.status}）`);
    return data;
  }
  const text = (s) => (s === null || s === undefined ? "" : String(s));
  function cell(row, value) { const td = row.insertCell(); td.textContent = text(value); return td; }
  function button(label, onClick) {
    const b = document.createElement("button"); b.textContent = label;
    b.addEventListener("click", onClick); return b;
  }
  // The hall's own day (its time zone), not the day where this browser happens to be.
  function today() {
    if (office.hall) return office.hall.day;
    const d = new Date(); d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
    return d.toISOString().slice(0, 10);
  }
  function plusDays(day, n) {
    const d = new Date(day + "T12:00:00Z"); d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }
  // Now by the hub's clock, whatever this browser's clock says.
  function hallNow() { return Date.now() + office.skewMs; }
  function minutesSince(iso) { return iso ? Math.floor((hallNow() - Date.parse(iso)) / 60000) : 0; }
  // What the hub says of a ticket's time limit (bianmin/domain/limits.py): overdue when the hub
  // flagged it, or once its `due_at` has passed while it is served. No limit is computed here.
  function overdueNow(t, nowMs) {
    return Boolean(t.overdue
      || (t.state === "serving" && t.due_at && nowMs > Date.parse(t.due_at)));
  }
  office.overdueNow = overdueNow;  // the console's rule, for tests
  function report(id, message, ok) { const p = $(id); p.textContent = message; p.className = ok ? "ok" : "error"; }

  // ---- signing in ---------------------------------------------------------------------
  $("login-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const form = new FormData(e.target);
    try {
      const data = await api("POST", "/api/login",
        { staff_no: form.get("staff_no"), pin: form.get("pin") });
      if (data.role !== "office") {
        office.token = data.token; await api("POST", "/api/logout", {}).catch(() => {});
        throw new Error("该账号不是中心办公室账号。");
      }
      office.token = data.token;
      sessionStorage.setItem("bianmin-office", data.token);
      start(data.name);
    } catch (err) { $("login-error").textContent = err.message; }
  });
  $("logout").addEventListener("click", async () => {
    await api("POST", "/api/logout", {}).catch(() => {});
    signOut("");
  });
  function signOut(message) {
    office.token = ""; sessionStorage.removeItem("bianmin-office");
    if (office.live) { office.live.stop(); office.live = null; }
    office.seq = null;
    $("login").hidden = false; $("tabs").hidden = true; $("console").hidden = true;
    $("logout").hidden = true; $("who").textContent = ""; $("login-error").textContent = message;
  }
  async function start(name) {
    $("login").hidden = true; $("tabs").hidden = false; $("console").hidden = false;
    $("logout").hidden = false;
    api("GET", "/api/me").then((me) => {
      $("who").textContent = me.name; office.me = me.id; loadCases();
    }).catch(() => {});
    if (name) $("who").textContent = name;
    connect();
    loadCounty();
  }

  // ---- the link to the county: how far behind it is ---------------------------------
  async function loadCounty() {
    if (!office.token) return;
    const link = await api("GET", "/api/county").catch(() => null);
    if (!link) return;
    $("county-card").hidden = !link.configured;
    const behind = link.behind === null ? "" : `，县级平台尚缺 ${link.behind} 条事件`;
    const since = link.since ? `（自 ${link.since.slice(11, 16)} 起）` : "";
    $("county-link").textContent = link.up ? `${link.message}${link.behind ? "" : "，实时上传中"}`
      : `连接中断${since}：${link.message}${behind}。本中心照常办理，恢复后自动补传。`;
    $("county-link").className = link.up ? "ok" : "error";
  }
  setInterval(loadCounty, 10000);

  // ---- tabs ---------------------------------------------------------------------------
  for (const b of document.querySelectorAll("[data-tab]")) {
    b.addEventListener("click", () => showTab(b.dataset.tab));
  }
  const loaders = { appointments: loadAppointments, complaints: loadComplaints,
    cases: loadCases, corrections: loadCorrections, notices: loadNotices, figures: loadFigures,
    month: loadMonth };
  function showTab(name) {
    for (const b of document.querySelectorAll("[data-tab]")) b.classList.toggle("active", b.dataset.tab === name);
    for (const s of document.querySelectorAll(".tab")) s.hidden = s.id !== `tab-${name}`;
    if (loaders[name]) loaders[name]();
  }

  // ---- the hall, live -----------------------------------------------------------------
  function connect() {
    office.live = new Connection({
      token: office.token,
      since: () => office.seq,
      onMessage,
      onStatus: (up) => {
        $("link").hidden = up;
        // The hub closes the feed of a session that has ended: ask, and api() signs out
        // saying why if so (a hub that is away just fails the request).
        if (!up) api("GET", "/api/me").catch(() => {});
      },
    });
    office.live.start();
  }
  function onMessage(msg) {
    if ((msg.type === "event" || msg.type === "skipped") && office.seq !== null &&
        msg.seq !== office.seq + 1) {
      if (msg.seq > office.seq) office.live.resync();  // a gap: resume from what we have
      return;
    }
    if ("seq" in msg) office.seq = msg.seq;
    if (msg.type === "snapshot") {
      office.hall = msg.hall;
      office.skewMs = Date.parse(msg.hall.now) - Date.now();
      office.tickets = new Map(msg.hall.tickets.map((t) => [t.id, t]));
      office.windows = new Map(msg.hall.windows.map((w) => [w.number, w]));
      office.calls = msg.hall.recent_calls.slice();
      office.printers = new Map(msg.hall.printers.map((p) => [p.device, p]));
      $("center-name").textContent = `${msg.hall.center.name} · 中心办公室`;
      fillChoices();
      loadDoneToday();
    } else if (msg.type === "event") {
      const t = msg.ticket;
      if (t) {
        if (["waiting", "called", "serving", "missed"].includes(t.state)) office.tickets.set(t.id, t);
        else office.tickets.delete(t.id);
      }
      if (msg.window) office.windows.set(msg.window.number, msg.window);
      if ((msg.kind === "ticket-called" || msg.kind === "ticket-recalled") && t) {
        office.calls.unshift({ number: t.number, window: msg.event.window, at: msg.at });
        office.calls.length = Math.min(office.calls.length, 20);
      }
      if (MOVES[msg.kind] && t) {
        office.moves.unshift(moveLine(msg, t));
        office.moves.length = Math.min(office.moves.length, 10);
      }
      if (msg.kind === "printer-status") office.printers.set(msg.event.device, { ...msg.event, at: msg.at });
      if (msg.kind === "ticket-finished") finishedAt(msg.event.window);
      if (msg.kind.startsWith("complaint-")) refreshComplaintBadge();
      if (msg.kind.startsWith("case-")) loadCases();
      if (msg.kind === "case-flagged" && msg.event.assignee === office.me && office.me) {
        $("flag").textContent = `您负责的差评件 ${msg.event.case} ` +
          `${msg.event.level === "overdue" ? "已超期" : "即将到期"}（${msg.event.due} 前办结）`;
      }
      if (["correction-requested", "ticket-corrected", "correction-refused"].includes(msg.kind)) {
        loadCorrections();
      }
      if (msg.kind === "promise-kept" || msg.kind === "ticket-corrected"
          || (msg.kind === "ticket-finished" && msg.event.outcome === "promised")) loadPromises();
      if ((msg.kind.startsWith("appointment-") || msg.kind.startsWith("home-visit-"))
          && !$("tab-appointments").hidden) loadAppointments();
    } else { return; }
    renderLive();
  }
  function renderLive() {
    if (!office.hall) return;
    const body = $("windows").tBodies[0]; body.textContent = "";
    const now = hallNow();
    const overdue = [];
    for (const w of office.windows.values()) {
      const row = body.insertRow();
      row.className = w.status;
      cell(row, w.label); cell(row, w.department);
      cell(row, { open: "服务中", paused: `暂停（${w.paused_reason}）`, closed: "未开窗" }[w.status]);
      cell(row, w.clerk ? `${w.clerk.name}（${w.clerk.staff_no}）` : "");
      const current = w.current ? office.tickets.get(w.current.id) : null;
      const visit = current && current.device === "home-visit" ? "（上门服务）" : "";
      const step = current && current.bundle && current.bundle.status === "going"
        ? `（${current.bundle.name} 第 ${current.bundle.step}/${current.bundle.of} 项）` : "";
      cell(row, current ? `${current.number} ${current.state_name}${visit}${step}` : "");
      const minutes = current && current.received_at ? minutesSince(current.received_at) : null;
      cell(row, minutes === null ? "" : `${minutes} 分钟`);
      cell(row, office.doneToday.get(w.number) || 0).dataset.col = "done";
      cell(row, waitingFor(w)).dataset.col = "waiting";
      if (current && overdueNow(current, now)) {
        row.classList.add("overdue");
        overdue.push(`${current.number} 在${w.label}已办理 ${minutes} 分钟（${current.matter_name}）`);
      }
    }
    fillMoveChoices();
    const waiting = $("waiting").tBodies[0]; waiting.textContent = "";
    for (const m of office.hall.matters) {
      const n = [...office.tickets.values()].filter((t) => t.state === "waiting"
        && t.queue_matter === m.prefix && t.target_window === null).length;
      const row = waiting.insertRow(); cell(row, `${m.prefix} ${m.name}`); cell(row, `${n} 人`);
    }
    for (const t of office.tickets.values()) {
      if (t.stalled && t.state === "waiting") overdue.push(stalledLine(t));
    }
    fillList("overdue", overdue.length ? overdue : ["暂无"]);
    fillList("printers", [...office.printers.values()].map((p) =>
      `${p.device}：${p.status === "ok" ? "正常" : `故障 ${p.status} ${p.detail || ""}`}`), "暂无故障");
    fillList("calls", office.calls.slice(0, 10).map((c) => `${c.number} → ${c.window}号窗口`), "暂无");
    fillList("moves", office.moves, "暂无");
  }
  // A ticket sent on from a window, in words: a transfer a clerk made, a 一件事's next step
  // (the hub moves it when a step ends) or matters a clerk joined to it (联办).
  const MOVES = { "ticket-transferred": "转办", "bundle-moved-on": "转入下一项",
    "matters-joined": "联办" };
  function matterName(prefix) {
    const m = office.hall.matters.find((x) => x.prefix === prefix);
    return m ? m.name : prefix;
  }
  function moveLine(msg, t) {
    const e = msg.event, at = (msg.at || "").slice(11, 16);
    const from = e.window ? `${e.window}号窗口` : "";
    let what = "";
    if (msg.kind === "ticket-transferred") {
      what = e.to_window ? `${e.to_window}号窗口` : matterName(e.to_matter);
    } else if (msg.kind === "bundle-moved-on") {
      const b = t.bundle;
      what = `${matterName(e.to_matter)}${b ? `（${b.name} 第 ${b.step}/${b.of} 项）` : ""}`;
    } else {
      what = (e.matters || []).map(matterName).join("、");
    }
    return `${at} ${t.number} ${from}${MOVES[msg.kind]}：${what}`;
  }
  office.moveLine = moveLine;
  // What a window may call: tickets sent to it, and those waiting in the queues of the
  // matters it serves (the hub's queue order, bianmin/domain/queue.py: call_key).
  function waitingFor(w) {
    let n = 0;
    for (const t of office.tickets.values()) {
      if (t.state !== "waiting") continue;
      if (t.target_window === w.number || (t.target_window === null && w.matters.includes(t.queue_matter))) n += 1;
    }
    return n;
  }
  office.waitingFor = waitingFor;
  // A stalled transfer: where it waits now, for how long, and whose it is.
  function stalledLine(t) {
    const matter = office.hall.matters.find((m) => m.prefix === t.queue_matter);
    const where = t.target_window !== null ? `${t.target_window}号窗口`
      : `${matter ? matter.name : t.queue_matter}窗口`;
    const moved = t.bundle && t.transfers === 0 ? "转入下一项" : "转办";
    return `${t.number} ${moved}至${where}，已等候 ${minutesSince(t.enqueued_at)} 分钟` +
      `（首问：${t.owner_name || ""}${t.owner_window ? `，${t.owner_window}号窗口` : ""}）`;
  }
  // Tickets each window finished today: the hub's figures for today, then each finish heard
  // live; a quiet moment later the hub's count again, so nothing is counted twice.
  let reconcile = null;
  async function loadDoneToday() {
    const day = today();
    const figures = await api("GET", `/api/figures?from=${day}&to=${day}`).catch(() => null);
    if (!figures) return;
    office.doneToday = new Map(figures.rows.filter((r) => r.dimension === "window")
      .map((r) => [Number(r.key), r.served]));
    office.doneDay = day;
    renderLive();
  }
  function finishedAt(window) {
    office.doneToday.set(window, (office.doneToday.get(window) || 0) + 1);
    clearTimeout(reconcile);
    reconcile = setTimeout(loadDoneToday, 3000);
  }
  function fillList(id, items, empty) {
    const list = $(id); list.textContent = "";
    for (const item of (items.length ? items : [empty])) {
      const li = document.createElement("li"); li.textContent = item; list.appendChild(li);
    }
  }
  // The hall's time (the hub's clock, in the hall's time zone), whatever this browser says.
  function hallClock() {
    if (!office.hall) return new Date().toLocaleString("zh-CN", { hour12: false });
    const offset = offsetMinutes(office.hall.now);
    const at = new Date(Date.now() + office.skewMs + offset * 60000).toISOString();
    return `${at.slice(0, 10)} ${at.slice(11, 19)}`;
  }
  setInterval(() => {
    $("clock").textContent = hallClock();
    // A new day in the hall: start counting again. Signed out (sessions end at midnight),
    // there is nothing to ask for.
    if (office.token && office.hall && office.doneDay
        && hallClock().slice(0, 10) !== office.doneDay) {
      office.hall.day = hallClock().slice(0, 10);
      loadDoneToday(); loadCases();
    }
    renderLive();
  }, 1000);

  // ---- the front desk (导服台): a waiting ticket moved to the matter it came for ------------
  function fillMoveChoices() {
    const form = $("move-form");
    const waiting = [...office.tickets.values()].filter((t) => t.state === "waiting")
      .sort((a, b) => a.number.localeCompare(b.number));
    const key = waiting.map((t) => `${t.id}:${t.queue_matter}`).join();
    if (form.dataset.key === key) return;  // unchanged: keep what is selected
    form.dataset.key = key;
    const chosen = form.ticket.value;
    form.ticket.textContent = "";
    for (const t of waiting) {
      form.ticket.add(new Option(`${t.number}（现排 ${t.matter_name}）`, t.id));
    }
    if (waiting.some((t) => t.id === chosen)) form.ticket.value = chosen;
    if (form.to_matter.options.length === 0) {
      for (const m of office.hall.matters) form.to_matter.add(new Option(`${m.prefix} ${m.name}`, m.prefix));
    }
  }
  $("move-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = e.target;
    try {
      const t = await api("POST", `/api/tickets/${f.ticket.value}/move`,
        { to_matter: f.to_matter.value, reason: f.reason.value });
      report("move-result", `${t.number} 已改排到“${t.matter_name}”，前面还有 ${t.ahead} 人。`, true);
    } catch (err) { report("move-result", err.message, false); }
  });

  // ---- corrections (更正) -------------------------------------------------------------------
  $("correction-state").addEventListener("change", loadCorrections);
  async function loadCorrections() {
    const state = $("correction-state").value;
    const list = await api("GET", `/api/corrections?state=${state}`).catch(() => []);
    const pending = state === "pending" ? list
      : await api("GET", "/api/corrections?state=pending").catch(() => []);
    $("open-corrections").textContent = pending.length ? String(pending.length) : "";
    if ($("tab-corrections").hidden) return;
    const body = $("corrections").tBodies[0]; body.textContent = "";
    for (const x of list) {
      const row = body.insertRow(); row.dataset.id = x.id;
      for (const v of [x.id, (x.asked_at || "").slice(0, 16).replace("T", " "),
        `${x.clerk_name}（${x.clerk}）`, `${x.finished_by_name}（${x.finished_window || ""}号窗口）`,
        x.summary, x.why, x.state_name + (x.decision ? `：${x.decision}` : "")]) cell(row, v);
      const td = row.insertCell();
      if (x.state !== "pending") { td.textContent = x.decided_by_name; continue; }
      const actions = document.createElement("div"); actions.className = "actions";
      actions.appendChild(button("批准", async () => {
        await api("POST", `/api/corrections/${x.id}/approve`, {}).catch((err) => alert(err.message));
        loadCorrections();
      }));
      actions.appendChild(button("驳回", async () => {
        const decision = prompt("驳回理由（将告知申请人）"); if (!decision) return;
        await api("POST", `/api/corrections/${x.id}/refuse`, { decision }).catch((err) => alert(err.message));
        loadCorrections();
      }));
      td.appendChild(actions);
    }
  }

  // ---- promised matters (承诺件) ---------------------------------------------------------
  async function loadPromises() {
    const list = await api("GET", "/api/promises").catch(() => []);
    const body = $("promises").tBodies[0]; body.textContent = "";
    const status = { ok: "", "due-soon": "即将到期", overdue: "已超期" };
    for (const t of list) {
      const row = body.insertRow(); row.dataset.id = t.id;
      if (t.promise_status === "overdue") row.className = "overdue";
      cell(row, `${t.number} ${t.matter_name}`);
      cell(row, `${t.promised_date} ${status[t.promise_status]}`);
      cell(row, t.clerk_name || "");
      row.insertCell().appendChild(button("办结", async () => {
        const note = prompt("办结情况（已告知办事群众）") || "";
        await api("POST", `/api/tickets/${t.id}/promise-kept`, { note }).catch((err) => alert(err.message));
        loadPromises();
      }));
    }
    if (!list.length) { const row = body.insertRow(); cell(row, "暂无"); }
  }

  // ---- appointments -------------------------------------------------------------------
  function fillChoices() {
    const matter = document.querySelector("#book-form [name=matter]");
    if (matter.options.length === 0) {
      for (const m of office.hall.matters) matter.add(new Option(`${m.prefix} ${m.name}`, m.prefix));
      const day = document.querySelector("#book-form [name=day]");
      day.value = today(); $("appt-from").value = today(); $("appt-to").value = plusDays(today(), 14);
      $("fig-from").value = today(); $("fig-to").value = today();
      const nf = document.querySelector("#notice-form [name=show_from]");
      nf.value = today();
      document.querySelector("#notice-form [name=show_until]").value = plusDays(today(), 7);
      const win = document.querySelector("#complaint-form [name=window]");
      for (const w of office.hall.windows) win.add(new Option(`${w.label} ${w.department}`, w.number));
      api("GET", "/api/complaints/options").then((o) => {
        const clerk = document.querySelector("#complaint-form [name=clerk]");
        for (const c of o.clerks) clerk.add(new Option(`${c.name}（${c.staff_no}）`, c.staff_no));
      });
      refreshSlots(); refreshComplaintBadge(); loadPromises(); loadCorrections();
    }
  }
  async function refreshSlots() {
    const form = $("book-form");
    const data = await api("GET", `/api/appointments/slots?matter=${form.matter.value}&day=${form.day.value}`)
      .catch(() => null);
    const slot = form.slot; slot.textContent = "";
    for (const s of (data ? data.slots : [])) {
      const option = new Option(`${s.slot}（余 ${s.left}）`, s.slot);
      option.disabled = s.left === 0; slot.add(option);
    }
  }
  $("book-form").matter.addEventListener("change", refreshSlots);
  $("book-form").day.addEventListener("change", refreshSlots);
  $("book-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = e.target;
    try {
      const a = await api("POST", "/api/appointments", { matter: f.matter.value, day: f.day.value,
        slot: f.slot.value, name: f.name.value, phone: f.phone.value,
        home_visit: f.home_visit.checked, address: f.address.value, note: f.note.value });
      report("book-result", `${a.message}`, true);
      f.name.value = ""; f.phone.value = ""; f.address.value = ""; f.note.value = "";
      refreshSlots(); loadAppointments();
    } catch (err) { report("book-result", err.message, false); }
  });
  $("appt-refresh").addEventListener("click", loadAppointments);
  async function loadAppointments() {
    const list = await api("GET", `/api/appointments?from=${$("appt-from").value}&to=${$("appt-to").value}`)
      .catch((err) => { report("book-result", err.message, false); return []; });
    const body = $("appointments").tBodies[0]; body.textContent = "";
    for (const a of list) {
      const row = body.insertRow();
      row.dataset.code = a.code;
      for (const v of [a.code, a.day, a.slot, a.matter_name, a.name, a.phone,
        a.home_visit ? `上门：${a.address}` : "到厅", a.state_name + (a.assigned_name ? `（${a.assigned_name}）` : "")]) cell(row, v);
      const actions = document.createElement("div"); actions.className = "actions";
      if (a.state === "booked" || a.state === "assigned") {
        actions.appendChild(button("取消", async () => {
          const reason = prompt("取消原因") || "";
          await api("POST", `/api/appointments/${a.code}/cancel`, { reason }).catch((err) => alert(err.message));
          loadAppointments();
        }));
      }
      if (a.home_visit && (a.state === "booked" || a.state === "assigned")) {
        actions.appendChild(button("指派", async () => {
          const clerk = prompt("指派给（工号）") || "";
          if (!clerk) return;
          await api("POST", `/api/appointments/${a.code}/assign`, { clerk }).catch((err) => alert(err.message));
          loadAppointments();
        }));
      }
      if (a.state === "assigned") {
        actions.appendChild(button("登记完成", async () => {
          const note = prompt("办理情况") || "";
          await api("POST", `/api/appointments/${a.code}/complete`, { note }).catch((err) => alert(err.message));
          loadAppointments();
        }));
      }
      row.insertCell().appendChild(actions);
    }
  }

  // ---- complaints ---------------------------------------------------------------------
  async function refreshComplaintBadge() {
    const list = await api("GET", "/api/complaints").catch(() => []);
    const open = list.filter((c) => c.state !== "answered").length;
    $("open-complaints").textContent = open ? String(open) : "";
    if (!$("tab-complaints").hidden) renderComplaints(list);
  }
  async function loadComplaints() { renderComplaints(await api("GET", "/api/complaints").catch(() => [])); }
  function renderComplaints(list) {
    const body = $("complaints").tBodies[0]; body.textContent = "";
    const channels = { kiosk: "取号机", web: "网上", phone: "电话", office: "来访" };
    for (const c of list) {
      const row = body.insertRow(); row.dataset.number = c.number;
      const target = [c.window ? `${c.window}号窗口` : "", c.clerk_name || ""].filter(Boolean).join(" ");
      // The code too: a complainant who lost the slip may ask for it by phone.
      for (const v of [c.code ? `${c.number}（查询码 ${c.code}）` : c.number,
        (c.lodged_at || "").slice(0, 16).replace("T", " "),
        channels[c.channel] || c.channel, target || "中心", c.reason, c.phone,
        c.due ? `${c.due}${DUE[c.due_status] || ""}${c.late ? "（逾期答复）" : ""}` : "",
        c.state_name + (c.minutes_to_answer !== null ? `（用时 ${c.minutes_to_answer} 分钟）` : "")]) cell(row, v);
      if (c.due_status === "overdue" || c.late) row.classList.add("overdue");
      else if (c.due_status === "due-soon") row.classList.add("due-soon");
      const td = row.insertCell();
      if (c.state === "answered") { td.textContent = c.result; continue; }
      const actions = document.createElement("div"); actions.className = "actions";
      actions.appendChild(button("记录处理", async () => {
        const note = prompt("处理情况"); if (!note) return;
        await api("POST", `/api/complaints/${c.number}/handle`, { note }).catch((err) => alert(err.message));
        loadComplaints();
      }));
      actions.appendChild(button("答复办结", async () => {
        const result = prompt("查处结果（将告知投诉人）"); if (!result) return;
        await api("POST", `/api/complaints/${c.number}/answer`, { result }).catch((err) => alert(err.message));
        loadComplaints();
      }));
      td.appendChild(actions);
    }
  }
  $("complaint-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = e.target;
    try {
      const c = await api("POST", "/api/complaints", { channel: "phone", reason: f.reason.value,
        window: f.window.value ? Number(f.window.value) : null, clerk: f.clerk.value || null,
        phone: f.phone.value });
      report("complaint-result", c.message, true); f.reason.value = ""; f.phone.value = "";
      loadComplaints(); refreshComplaintBadge();
    } catch (err) { report("complaint-result", err.message, false); }
  });

  // ---- bad ratings' cases (差评回访整改) ---------------------------------------------------
  const DUE = { "due-soon": "（即将到期）", overdue: "（已超期）" };
  async function loadCases() {
    if (!office.token) return;
    office.cases = await api("GET", "/api/cases").catch(() => office.cases);
    const open = office.cases.filter((k) => k.state === "open");
    const flagged = open.filter((k) => k.due_status !== "ok");
    const mine = flagged.filter((k) => k.assignee === office.me);
    $("due-cases").textContent = flagged.length ? String(mine.length || flagged.length) : "";
    $("cases-mine").textContent = mine.length ? `我负责的 ${mine.length} 件` : "";
    fillList("case-flags", flagged.map((k) => `${k.assignee === office.me ? "【我的】" : ""}${k.id} ` +
      `${k.window_label} ${k.rating_name}，${k.due} 前${DUE[k.due_status]}，负责：${k.assignee_name}`), "暂无");
    renderCases();
  }
  function renderCases() {
    const body = $("cases").tBodies[0]; body.textContent = "";
    const onlyMine = $("cases-only-mine").checked, withClosed = $("cases-closed").checked;
    for (const k of office.cases) {
      if ((onlyMine && k.assignee !== office.me) || (!withClosed && k.state !== "open")) continue;
      const row = body.insertRow(); row.dataset.id = k.id;
      if (k.due_status === "overdue") row.className = "overdue";
      else if (k.due_status === "due-soon") row.className = "due-soon";
      // When and by whom, as the standard asks a call-back and a rectification to be kept.
      const callback = k.called_back_at ? `${k.reached ? "已回访" : "无法回访"}：${k.callback_note}` +
        `（${k.called_back_by}，${stamp(k.called_back_at)}）` : "未回访";
      const rectified = k.rectified_at
        ? `${k.rectification}（${k.rectified_by}，${stamp(k.rectified_at)}）` : "未记录";
      for (const v of [k.id, k.number, `${k.window_label}／${k.clerk_name || ""}`, k.rating_name,
        k.points.join("、"), k.words, k.phone || "未留", k.assignee_name,
        `${k.due}${DUE[k.due_status] || ""}${k.late ? "（逾期办结）" : ""}`, callback,
        rectified]) cell(row, v);
      cell(row, k.state_name).appendChild(caseLog(k.log));
      const actions = document.createElement("div"); actions.className = "actions";
      const act = (label, path, ask) => actions.appendChild(button(label, async () => {
        const body = ask(); if (body === null) return;
        await api("POST", `/api/cases/${k.id}/${path}`, body).catch((err) => alert(err.message));
        loadCases();
      }));
      if (k.state === "open") {
        act("回访", "call-back", () => { const note = prompt("群众的意见（回访情况）"); return note ? { reached: true, note } : null; });
        act("无法回访", "call-back", () => { const note = prompt("无法回访的原因"); return note ? { reached: false, note } : null; });
        act("整改", "rectify", () => { const note = prompt("整改情况（核实结果和措施）"); return note ? { note } : null; });
        act("办结", "close", () => { const note = prompt("办结说明（可不填）"); return note === null ? null : { note }; });
        act("转交", "assign", () => { const who = prompt("转交给（部门负责人工号；留空交中心办公室）"); return who === null ? null : { assignee: who.trim() }; });
      }
      row.insertCell().appendChild(actions);
    }
    if (!body.rows.length) { const row = body.insertRow(); cell(row, "暂无"); }
  }
  // "2026-11-30T10:05:00+08:00" read as the hall's "11-30 10:05" (the hub sends hall time).
  function stamp(iso) { return iso.slice(5, 16).replace("T", " "); }
  function caseLog(lines) {
    const details = document.createElement("details"); details.className = "case-log";
    const summary = document.createElement("summary"); summary.textContent = `记录（${lines.length}）`;
    const list = document.createElement("ol");
    for (const line of lines) { const li = document.createElement("li"); li.textContent = line; list.appendChild(li); }
    details.append(summary, list);
    return details;
  }
  $("cases-only-mine").addEventListener("change", renderCases);
  $("cases-closed").addEventListener("change", renderCases);

  // ---- notices ------------------------------------------------------------------------
  async function loadNotices() {
    const list = await api("GET", "/api/notices").catch(() => []);
    const body = $("notices").tBodies[0]; body.textContent = "";
    for (const n of list) {
      const row = body.insertRow(); row.dataset.id = n.id;
      for (const v of [n.id, n.public_title, `${n.show_from} 至 ${n.show_until}`,
        n.state === "published" ? "已发布" : "已撤下"]) cell(row, v);
      const td = row.insertCell();
      if (n.state === "published") {
        td.appendChild(button("撤下", async () => {
          await api("POST", `/api/notices/${n.id}/withdraw`, {}).catch((err) => alert(err.message));
          loadNotices();
        }));
      }
    }
  }
  $("notice-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = e.target;
    try {
      const n = await api("POST", "/api/notices", { title: f.title.value, text: f.text.value,
        names: f.names.value.split(/[,，、\s]+/).filter(Boolean), show_from: f.show_from.value,
        show_until: f.show_until.value });
      report("notice-result", `已发布 ${n.id}`, true); f.title.value = ""; f.text.value = ""; f.names.value = "";
      loadNotices();
    } catch (err) { report("notice-result", err.message, false); }
  });

  // ---- figures ------------------------------------------------------------------------
  // The hub counts times in seconds; people read minutes.
  const MINUTES = new Set(["wait_mean", "wait_median", "wait_p90", "service_mean",
    "service_median", "service_p90"]);
  const LABELS = { label: "名称", issued: "取号", served: "办结", no_shows: "过号", cancelled: "取消",
    wait_mean: "平均等候(分钟)", wait_median: "等候中位(分钟)", wait_p90: "等候P90(分钟)",
    service_mean: "平均办理(分钟)", service_median: "办理中位(分钟)", service_p90: "办理P90(分钟)",
    transfers_out: "转出", transfers_in: "转入", outcome_consultation: "咨询件",
    outcome_immediate: "即办件", outcome_promised: "承诺件", outcome_supplement: "补充件",
    outcome_returned: "退回件", outcome_petition: "信访件", outcome_escalated: "上报件",
    overdue: "超时", rating_very_satisfied: "非常满意", rating_satisfied: "满意",
    rating_basic: "基本满意", rating_unsatisfied: "不满意", rating_very_unsatisfied: "非常不满意",
    complaints: "投诉", promises_late: "承诺超期", corrections: "更正", moved: "导服改排",
    home_visits: "上门服务" };
  function figure(r, key) {
    const v = r[key];
    if (v === null || v === undefined) return "";
    return MINUTES.has(key) ? (v / 60).toFixed(1) : v;
  }
  office.figure = figure;
  $("fig-refresh").addEventListener("click", loadFigures);
  $("fig-dimension").addEventListener("change", renderFigureTable);
  async function loadFigures() {
    const range = `from=${$("fig-from").value}&to=${$("fig-to").value}`;
    $("fig-csv").href = `/api/figures.csv?${range}&token=${encodeURIComponent(office.token)}`;
    $("fig-xlsx").href = `/api/figures.xlsx?${range}&token=${encodeURIComponent(office.token)}`;
    $("fig-bundles-csv").href =
      `/api/figures/bundles.csv?${range}&token=${encodeURIComponent(office.token)}`;
    loadBundleFigures(range);
    try { office.figures = await api("GET", `/api/figures?${range}`); }
    catch (err) { $("summary").textContent = err.message; return; }
    const all = office.figures.rows.find((r) => r.dimension === "all") || {};
    const summary = $("summary"); summary.textContent = "";
    for (const [key, label] of [["issued", "取号"], ["served", "办结"], ["no_shows", "过号"],
      ["wait_mean", "平均等候(分钟)"], ["service_mean", "平均办理(分钟)"], ["overdue", "超时"],
      ["rating_very_satisfied", "非常满意"], ["rating_satisfied", "满意"], ["rating_basic", "基本满意"],
      ["rating_unsatisfied", "不满意"], ["rating_very_unsatisfied", "非常不满意"],
      ["complaints", "投诉"], ["corrections", "更正"], ["home_visits", "上门服务"]]) {
      const div = document.createElement("div"); div.dataset.key = key;
      const b = document.createElement("b"); b.textContent = text(figure(all, key) || 0);
      div.appendChild(b); div.append(label); summary.appendChild(div);
    }
    const windows = office.figures.rows.filter((r) => r.dimension === "window");
    hbars($("chart-served"), windows.map((r) => ({ label: r.label, values: [r.served] })),
      [{ name: "办结", colour: "#0b5cad" }]);
    hbars($("chart-ratings"), windows.map((r) => ({ label: r.label,
      values: LEVELS.map((l) => r[`rating_${l.key}`]) })), LEVELS);
    columns($("chart-hours"), office.figures.hourly.map((h) => ({ label: `${h.hour}时`, values: [h.issued] })),
      [{ name: "取号", colour: "#b35900" }]);
    renderFigureTable();
  }
  function renderFigureTable() {
    if (!office.figures) return;
    const dim = $("fig-dimension").value;
    const table = $("figures"); table.tHead.textContent = ""; table.tBodies[0].textContent = "";
    const head = table.tHead.insertRow();
    for (const label of Object.values(LABELS)) { const th = document.createElement("th"); th.textContent = label; head.appendChild(th); }
    for (const r of office.figures.rows.filter((x) => x.dimension === dim)) {
      const row = table.tBodies[0].insertRow();
      for (const key of Object.keys(LABELS)) cell(row, figure(r, key));
    }
  }

  // 一件事 and 联办件: how many went how far, and the whole's time against its limit.
  const BUNDLE_COLUMNS = ["label", "started", "done", "stopped", "ended", "steps", "whole_mean",
    "whole_median", "whole_p90", "limit_minutes", "over_limit"];
  async function loadBundleFigures(range) {
    const body = $("bundle-figures").tBodies[0];
    let data;
    try { data = await api("GET", `/api/figures/bundles?${range}`); }
    catch (err) { body.textContent = ""; cell(body.insertRow(), err.message); return; }
    office.bundleFigures = data;
    body.textContent = "";
    for (const r of data.rows) {
      const row = body.insertRow(); row.dataset.bundle = r.bundle;
      for (const key of BUNDLE_COLUMNS) {
        const v = r[key];
        const shown = v === null || v === undefined ? ""
          : key.startsWith("whole_") ? (v / 60).toFixed(1) : v;
        cell(row, key === "label" && !r.bundle ? "联办件（窗口联办）" : shown).dataset.col = key;
      }
      if (r.over_limit > 0) row.classList.add("overdue");
    }
    if (!data.rows.length) cell(body.insertRow(), "所选期间没有一件事或联办件。");
  }

  // ---- the month's 考核 ------------------------------------------------------------------
  $("month-refresh").addEventListener("click", loadMonth);
  async function loadMonth() {
    if (!$("month").value) $("month").value = today().slice(0, 7);
    const month = $("month").value;
    const token = encodeURIComponent(office.token);
    $("month-xlsx").href = `/api/assessment.xlsx?month=${month}&token=${token}`;
    $("month-print").href = `/assessment?month=${month}#token=${token}`;
    $("month-error").textContent = "";
    try { office.report = await api("GET", `/api/assessment?month=${month}`); }
    catch (err) { $("month-error").textContent = err.message; return; }
    renderReport($("month-report"), office.report);
  }

  if (office.token) start("");
})();
