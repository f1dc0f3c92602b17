// Rating a ticket from the resident's phone (the code on the printed ticket leads to its page,
// and its page to this one): the five levels; a bad rating says which points went wrong and
// may leave words and a phone number for the call-back. No sign-in: the hub takes one rating
// per ticket whichever way it comes.
(function () {
  const $ = (id) => document.getElementById(id);
  const ticketId = decodeURIComponent(location.pathname.split("/")[2] || "");
  const BAD = new Set(["unsatisfied", "very-unsatisfied"]);
  const state = { options: null, rating: null, chosen: new Set(), busy: false };
  window.phoneRating = state;  // for tests
  $("ticket-link").href = `/t/${encodeURIComponent(ticketId)}`;

  function show(which, say) {
    $("rate").dataset.state = which;
    $("levels").hidden = which !== "open";
    $("why").hidden = which !== "why";
    if (say !== undefined) $("say").textContent = say;
  }

  async function load() {
    try {
      const resp = await fetch(`/api/tickets/${encodeURIComponent(ticketId)}/rating`);
      const data = await resp.json().catch(() => ({}));
      if (!resp.ok) { show("missing", (data.error && data.error.message) || "没有找到这张号票。"); return; }
      state.options = data;
      $("number").textContent = data.number;
      renderPoints();
      show(data.state, data.message);
    } catch (err) {
      show("offline", "网络连接中断，请稍后刷新本页。");
    }
  }

  function renderPoints() {
    const box = $("points"); box.textContent = "";
    for (const text of state.options.points) {
      const b = document.createElement("button");
      b.textContent = text; b.className = "point";
      b.setAttribute("aria-pressed", String(state.chosen.has(text)));
      b.addEventListener("click", () => {
        if (state.chosen.has(text)) state.chosen.delete(text); else state.chosen.add(text);
        renderPoints();
      });
      box.appendChild(b);
    }
    $("send").disabled = state.chosen.size === 0;
  }

  async function send() {
    if (state.busy) return;
    state.busy = true; $("message").textContent = "";
    const bad = BAD.has(state.rating);
    try {
      const resp = await fetch(`/api/tickets/${encodeURIComponent(ticketId)}/rating`, {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ rating: state.rating, points: bad ? [...state.chosen] : [],
          reason: bad ? $("words").value : "", phone: bad ? $("phone").value.trim() : "" }),
      });
      const data = await resp.json().catch(() => ({}));
      if (resp.ok) show("thanks", data.message);
      else if (data.error && (data.error.code === "already-rated" || data.error.code === "rating-closed")) {
        show(data.error.code === "already-rated" ? "rated" : "closed", data.error.message);
      } else $("message").textContent = (data.error && data.error.message) || "评价未能提交，请稍后再试。";
    } catch (err) {
      $("message").textContent = "网络连接中断，请稍后再试。";
    } finally { state.busy = false; }
  }

  for (const b of document.querySelectorAll("[data-rating]")) {
    b.addEventListener("click", () => {
      state.rating = b.dataset.rating;
      if (BAD.has(state.rating)) show("why", `您选择了“${b.textContent}”。`); else send();
    });
  }
  $("send").addEventListener("click", send);
  $("back").addEventListener("click", () => show("open", state.options.message));
  load();
})();
