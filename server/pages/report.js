// The month's 考核 drawn from the hub's report (`GET /api/assessment`): the center's figures,
// charts, the windows and clerks ranked, the bad ratings' cases and the complaints. The office
// console's 月度考核 tab and the printable page (/assessment) both draw it with this module,
// so what is printed is what is on screen; the workbook holds the same numbers.
import { hbars, LEVELS } from "/pages/chart.js";

const SCOPES = [["all", "全中心"], ["window", "窗口排名"], ["clerk", "工作人员排名"]];
const TILES = [["served", "办结"], ["good_rate", "好评率"], ["bad", "差评"],
  ["callback_rate", "回访率"], ["on_time_rate", "整改按期率"], ["complaints", "投诉"],
  ["reply_rate", "投诉答复率"], ["wait_median", "等候中位(分钟)"],
  ["service_median", "办理中位(分钟)"], ["overdue", "超时办结"]];
const KINDS = { served: "count", bad: "count", complaints: "count", overdue: "count",
  good_rate: "percent", callback_rate: "percent", on_time_rate: "percent",
  reply_rate: "percent", wait_median: "minutes", service_median: "minutes" };

const MUST_BE_FULL = new Set(["callback_rate", "on_time_rate", "reply_rate"]);

export function show(value, kind) {
  if (value === null || value === undefined) return "—";
  if (kind === "percent") return `${value.toFixed(1)}%`;
  if (kind === "minutes") return value.toFixed(1);
  return String(value);
}

function add(parent, tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  parent.appendChild(node);
  return node;
}

function table(parent, head, rows, attrs = {}) {
  const t = add(parent, "table", undefined, { class: "report", ...attrs });
  const tr = t.createTHead().insertRow();
  for (const h of head) add(tr, "th", h);
  const body = t.createTBody();
  for (const r of rows) {
    const row = body.insertRow();
    for (const v of r) row.insertCell().textContent = v === null || v === undefined ? "" : String(v);
  }
  return t;
}

export function render(root, report) {
  root.textContent = "";
  root.dataset.month = report.month;
  const head = add(root, "div", undefined, { class: "report-head" });
  add(head, "h2", `${report.center} ${report.month.replace("-", "年")}月 考核`);
  add(head, "p", `统计期间 ${report.from} 至 ${report.to}，生成于 ${report.generated_at.slice(0, 19).replace("T", " ")}`,
    { class: "muted" });

  const all = report.rows.find((r) => r.scope === "all");
  const tiles = add(root, "div", undefined, { class: "summary", id: "month-summary" });
  for (const [key, label] of TILES) {
    const div = add(tiles, "div", undefined, { "data-key": key });
    add(div, "b", show(all[key], KINDS[key]));
    div.append(label);
    // The standard asks every bad rating called back and put right in time, every complaint
    // answered: a rate short of 100 % is what the office must look at first.
    if (MUST_BE_FULL.has(key) && all[key] !== null && all[key] < 100) {
      div.classList.add("short"); div.title = "应达 100%";
    }
  }

  const windows = report.rows.filter((r) => r.scope === "window");
  const byNumber = [...windows].sort((a, b) => Number(a.key) - Number(b.key));
  const charts = add(root, "div", undefined, { class: "charts" });
  const chart = (id, caption) => {
    const fig = add(charts, "figure");
    add(fig, "figcaption", caption);
    return add(fig, "div", undefined, { id });
  };
  hbars(chart("chart-good-rate", "各窗口好评率"),
    windows.filter((r) => r.good_rate !== null).map((r) => ({ label: r.label, values: [r.good_rate] })),
    [{ name: "好评率", colour: "#1a7f37" }], { unit: "%", max: 100 });
  hbars(chart("chart-levels", "各窗口评价分布"),
    byNumber.map((r) => ({ label: r.label, values: LEVELS.map((l) => r[`rating_${l.key}`]) })),
    LEVELS);
  hbars(chart("chart-month-served", "各窗口办结数"),
    byNumber.map((r) => ({ label: r.label, values: [r.served] })), [{ name: "办结", colour: "#0b5cad" }]);
  hbars(chart("chart-points", "差评中的不满意之处"),
    report.points.map((p) => ({ label: p.point, values: [p.count] })), [{ name: "次数", colour: "#c62828" }]);

  for (const [scope, title] of SCOPES) {
    const rows = report.rows.filter((r) => r.scope === scope);
    for (const group of report.groups) {
      const cols = group.columns.filter((c) => !(scope === "all" && c.key === "rank"));
      add(root, "h3", `${title} · ${group.title}`);
      const t = table(root, cols.map((c) => c.title), [],
        { "data-scope": scope, "data-group": group.title });
      for (const r of rows) {
        const row = t.tBodies[0].insertRow();
        row.dataset.key = r.key;
        for (const c of cols) {
          const td = row.insertCell();
          td.dataset.col = c.key;
          td.textContent = c.kind === "text" ? r[c.key] : show(r[c.key], c.kind);
          if (c.kind !== "text") td.className = "num";
        }
      }
    }
  }

  add(root, "h3", `差评回访整改（${report.cases.length} 件）`);
  table(root, ["编号", "受理日期", "窗口", "工作人员", "评价", "不满意之处", "整改期限", "回访", "办结日期", "状态"],
    report.cases.map((k) => [k.id, k.opened, `${k.window}号`, k.clerk_name || "", k.rating_name,
      k.points.join("、"), k.due, k.reached ? "已回访" : (k.callback_impossible ? "无法回访" : "未回访"),
      k.closed || "", k.state_name]), { id: "month-cases" });
  add(root, "h3", `投诉办理（${report.complaints.length} 件）`);
  table(root, ["编号", "受理日期", "窗口", "工作人员", "答复期限", "答复日期", "状态"],
    report.complaints.map((p) => [p.number, p.lodged, p.window ? `${p.window}号` : "中心",
      p.clerk_name || "", p.due || "", p.answered || "", p.state_name]), { id: "month-complaints" });
  const notes = add(root, "ol", undefined, { class: "notes" });
  for (const n of report.notes) add(notes, "li", n);
}
