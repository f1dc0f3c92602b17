// The rating pad facing the resident at one window: lights up when the window finishes a
// ticket, takes one rating of the national standard's five levels, asks after a bad one which
// points went wrong (by touch) and offers a call-back number on a keypad, thanks, and goes
// quiet after the rating or a timeout.
import { Connection } from "/display/connection.js";

(function () {
  const params = new URLSearchParams(location.search);
  const token = params.get("token") || "";
  const windowNumber = Number(location.pathname.split("/").pop());
  const quietAfter = Number(params.get("quiet") || 60) * 1000;   // unanswered: go quiet
  const thanksFor = Number(params.get("thanks") || 6) * 1000;
  const $ = (id) => document.getElementById(id);
  const state = { ticket: null, seq: null, timer: null, points: [], chosen: new Set(),
    rating: null, phone: "", busy: false };
  window.ratingPad = state;  // for tests and for anyone looking at the pad's console
  const BAD = new Set(["unsatisfied", "very-unsatisfied"]);

  function show(which) {
    for (const id of ["idle", "ask", "why", "phone", "thanks"]) $(id).hidden = id !== which;
    $("pad").dataset.state = which;
  }

  function quietLater(ms) {
    clearTimeout(state.timer);
    state.timer = setTimeout(() => { state.ticket = null; show("idle"); $("message").textContent = ""; }, ms);
  }

  function ask(ticket) {
    state.ticket = ticket; state.rating = null; state.chosen.clear(); state.phone = "";
    $("ticket-number").textContent = ticket.number;
    $("message").textContent = "";
    renderPoints(); renderPhone();
    show("ask");
    quietLater(quietAfter);
  }

  async function send() {
    if (!state.ticket || state.busy) return;
    state.busy = true;
    const bad = BAD.has(state.rating);
    try {
      const resp = await fetch(`/api/tickets/${encodeURIComponent(state.ticket.id)}/rating`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
        body: JSON.stringify({ window: windowNumber, rating: state.rating,
          points: bad ? [...state.chosen] : [], phone: bad ? state.phone : "" }),
      });
      const data = await resp.json().catch(() => ({}));
      if (resp.ok || (data.error && data.error.code === "already-rated")) {
        $("thanks-text").textContent = resp.ok && bad ? data.message.replace("感谢您的评价！", "")
          : "欢迎您提出宝贵意见，我们将及时改进。您慢走，再见。";
        show("thanks");
        quietLater(thanksFor);
      } else {
        $("message").textContent = (data.error && data.error.message) || "评价未能提交，请稍后再试。";
      }
    } catch (err) {
      $("message").textContent = "网络连接中断，请稍候再试。";
    } finally {
      state.busy = false;
    }
  }

  for (const button of document.querySelectorAll("[data-rating]")) {
    button.addEventListener("click", () => {
      state.rating = button.dataset.rating;
      if (BAD.has(state.rating)) { show("why"); quietLater(quietAfter); } else send();
    });
  }
  $("back").addEventListener("click", () => { show("ask"); quietLater(quietAfter); });
  $("to-phone").addEventListener("click", () => { show("phone"); quietLater(quietAfter); });
  $("skip").addEventListener("click", () => { state.phone = ""; send(); });
  $("send-bad").addEventListener("click", () => send());

  function renderPoints() {
    const box = $("points"); box.textContent = "";
    for (const text of state.points) {
      const b = document.createElement("button");
      b.textContent = text; b.className = "point";
      b.setAttribute("aria-pressed", String(state.chosen.has(text)));
      b.addEventListener("click", () => {
        if (state.chosen.has(text)) state.chosen.delete(text); else state.chosen.add(text);
        renderPoints(); quietLater(quietAfter);
      });
      box.appendChild(b);
    }
    $("to-phone").disabled = state.chosen.size === 0;
  }

  // A keypad: the pad has no keyboard, and a phone number is all it asks for.
  function renderPhone() {
    $("phone-number").textContent = state.phone || "　";
    $("send-bad").disabled = state.phone.length > 0 && state.phone.length < 11;
  }
  for (const key of ["1", "2", "3", "4", "5", "6", "7", "8", "9", "清除", "0", "删除"]) {
    const b = document.createElement("button");
    b.textContent = key; b.className = "key"; b.dataset.key = key;
    b.addEventListener("click", () => {
      if (key === "删除") state.phone = state.phone.slice(0, -1);
      else if (key === "清除") state.phone = "";
      else if (state.phone.length < 12) state.phone += key;
      renderPhone(); quietLater(quietAfter);
    });
    $("keys").appendChild(b);
  }

  function onMessage(msg) {
    if (msg.type === "snapshot") {
      const w = msg.hall.windows.find((x) => x.number === windowNumber);
      $("window-name").textContent = w ? `${w.label} · 服务评价` : "服务评价";
      state.points = (msg.hall.office && msg.hall.office.unsatisfied_reasons) || [];
      renderPoints();
    }
    if ((msg.type === "event" || msg.type === "skipped") && state.seq !== null &&
        msg.seq !== state.seq + 1) {
      if (msg.seq > state.seq) live.resync();  // a gap: resume from what we have
      return;
    }
    if ("seq" in msg) state.seq = msg.seq;
    if (msg.type !== "event") return;
    const ticket = msg.ticket;
    if (msg.kind === "ticket-finished" && ticket && ticket.window === windowNumber) ask(ticket);
    if (msg.kind === "ticket-rated" && state.ticket && ticket && ticket.id === state.ticket.id
        && $("pad").dataset.state !== "thanks") {
      show("thanks"); quietLater(thanksFor);  // rated from the phone meanwhile
    }
  }

  const live = new Connection({
    token,
    since: () => state.seq,
    onMessage,
    onStatus: (up) => { $("link").hidden = up; },
  });
  show("idle");
  live.start();
})();
