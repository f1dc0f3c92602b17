// The month's 考核 to print on A4: the office console opens this page with the month and the
// office's token after `#token=` (kept out of the address the hub sees).
import { render } from "/pages/report.js";

(async function () {
  const params = new URLSearchParams(location.search);
  const token = new URLSearchParams(location.hash.slice(1)).get("token") || "";
  const month = params.get("month") || "";
  const main = document.getElementById("report");
  document.getElementById("print").addEventListener("click", () => window.print());
  try {
    const resp = await fetch(`/api/assessment?month=${encodeURIComponent(month)}`,
      { headers: { Authorization: `Bearer ${token}` } });
    const data = await resp.json().catch(() => ({}));
    if (!resp.ok) throw new Error((data.error && data.error.message) || `报表未能生成（${resp.status}）`);
    document.title = `${data.center} ${data.month} 月度考核`;
    render(main, data);
    main.dataset.ready = "1";
    if (params.get("print") === "1") window.print();
  } catch (err) {
    main.textContent = err.message;
    main.dataset.ready = "error";
  }
})();
