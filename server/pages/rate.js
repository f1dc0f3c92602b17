// The rating pad facing the resident at one window: lights up when the window finishes a
// ticket, takes one rating, thanks, and goes quiet after the rating or a timeout.
import { Connection } from "/display/connection.js";

(function () {
  const params = new URLSearchParams(location.search);
  const token = params.get("token") || "";
  const windowNumber = Number(location.pathname.split("/").pop());
  const quietAfter = Number(params.get("quiet") || 60) * 1000;   // unanswered: go quiet
  const thanksFor = Number(params.get("thanks") || 6) * 1000;
  const $ = (id) => document.getElementById(id);
  const state = { ticket: null, seq: null, timer: null, reasons: [], busy: false };
  window.ratingPad = state;  // for tests and for anyone looking at the pad's console

  function show(which) {
    for (const id of ["idle", "ask", "why", "thanks"]) $(id).hidden = id !== which;
    $("pad").dataset.state = which;
  }

  function quietLater(ms) {
    clearTimeout(state.timer);
    state.timer = setTimeout(() => { state.ticket = null; show("idle"); $("message").textContent = ""; }, ms);
  }

  function ask(ticket) {
    state.ticket = ticket;
    $("ticket-number").textContent = ticket.number;
    $("message").textContent = "";
    show("ask");
    quietLater(quietAfter);
  }

  async function send(rating, reason) {
    if (!state.ticket || state.busy) return;
    state.busy = true;
    try {
      const resp = await fetch(`/api/tickets/${encodeURIComponent(state.ticket.id)}/rating`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
        body: JSON.stringify({ window: windowNumber, rating, reason: reason || "" }),
      });
      const data = await resp.json().catch(() => ({}));
      if (resp.ok || (data.error && data.error.code === "already-rated")) {
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
      const rating = button.dataset.rating;
      if (rating === "unsatisfied") { show("why"); quietLater(quietAfter); }
      else send(rating, "");
    });
  }
  $("back").addEventListener("click", () => show("ask"));

  function setReasons(list) {
    state.reasons = list;
    const box = $("reasons");
    box.textContent = "";
    for (const text of list) {
      const b = document.createElement("button");
      b.textContent = text;
      b.addEventListener("click", () => send("unsatisfied", text));
      box.appendChild(b);
    }
  }

  function onMessage(msg) {
    if (msg.type === "snapshot") {
      const w = msg.hall.windows.find((x) => x.number === windowNumber);
      $("window-name").textContent = w ? `${w.label} · 服务评价` : "服务评价";
      setReasons((msg.hall.office && msg.hall.office.unsatisfied_reasons) || ["其他"]);
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
      show("thanks"); quietLater(thanksFor);
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
