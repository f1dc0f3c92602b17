// A complainant looks up their complaint with its number and query code: its state, the day
// it is to be answered by, and the result once answered (names and numbers masked).
(function () {
  const $ = (id) => document.getElementById(id);
  const form = $("form");
  const params = new URLSearchParams(location.search);
  form.number.value = params.get("number") || "";
  form.code.value = params.get("code") || "";
  const when = (iso) => (iso ? iso.slice(0, 16).replace("T", " ") : "");
  const STATUS = { "due-soon": "（即将到期）", overdue: "（已超过答复期限，我们正在抓紧办理）" };

  async function look() {
    $("message").textContent = ""; $("found").hidden = true;
    const number = form.number.value.trim().toUpperCase(), code = form.code.value.trim().toUpperCase();
    try {
      const resp = await fetch(`/api/complaints/${encodeURIComponent(number)}?code=${encodeURIComponent(code)}`);
      const c = await resp.json().catch(() => ({}));
      if (!resp.ok) { $("message").textContent = (c.error && c.error.message) || "查询未成功，请稍后再试。"; return; }
      $("c-number").textContent = c.number;
      $("c-lodged").textContent = when(c.lodged_at);
      $("c-state").textContent = c.state_name;
      $("c-due").textContent = c.due ? `${c.due} 前${STATUS[c.due_status] || ""}` : "—";
      $("c-answered").textContent = c.answered_at
        ? `${when(c.answered_at)}${c.late ? "（超过答复期限，敬请谅解）" : ""}` : "尚未答复";
      $("c-answered").className = c.late ? "late" : "";
      $("c-result").textContent = c.result || "办理结果将在答复后在此显示，请耐心等候。";
      $("found").hidden = false; $("lookup").dataset.state = "found";
    } catch (err) { $("message").textContent = "网络连接中断，请稍后再试。"; }
  }
  form.addEventListener("submit", (e) => { e.preventDefault(); look(); });
  if (form.number.value && form.code.value) look();
})();
