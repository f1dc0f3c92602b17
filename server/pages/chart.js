// Small SVG charts for the office's pages, drawn to be read at a glance: each bar's label sits
// level with it (horizontal bars) or centred under its group (columns), each bar says its
// value, and a chart of several series has a legend. No library, nothing fetched.
const NS = "http://www.w3.org/2000/svg";

function el(name, attrs, text) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

// Pixels a label of `text` needs at `size` (CJK characters are about a square each).
function textWidth(text, size) {
  let w = 0;
  for (const ch of String(text)) w += ch.charCodeAt(0) > 0x2e80 ? size : size * 0.6;
  return w;
}

// A legend from (x, y), in as many lines as `width` needs; returns the height it took.
function legend(svg, series, x, y, size, width) {
  const box = el("g", { class: "legend" });
  let at = x, line = 0;
  for (const s of series) {
    const room = size + 4 + textWidth(s.name, size) + 12;
    if (at + room > width && at > x) { at = x; line += 1; }
    const top = y + line * (size + 6);
    box.appendChild(el("rect", { x: at, y: top - size + 2, width: size, height: size - 2,
      fill: s.colour, rx: 2 }));
    box.appendChild(el("text", { x: at + size + 4, y: top, "font-size": size }, s.name));
    at += room;
  }
  svg.appendChild(box);
  return (line + 1) * (size + 6);
}

function format(v, unit) {
  if (v === null || v === undefined) return "—";
  return `${Number.isInteger(v) ? v : v.toFixed(1)}${unit || ""}`;
}

// Horizontal bars, one row per item: `rows` [{label, values: [..]}], `series` [{name,
// colour}]. With several series the bars are stacked and a legend says which is which; the
// value at the end of a row is its total (or, with `max` given, e.g. 100 for a percentage,
// the single value against that scale).
export function hbars(box, rows, series, { unit = "", max = null, width = 520 } = {}) {
  box.textContent = "";
  const size = 13, barHeight = 20, gap = 8;
  const gutter = Math.min(180, Math.max(40, ...rows.map((r) => textWidth(r.label, size)))) + 10;
  const svg = el("svg", { width: "100%", role: "img" });
  svg.dataset.kind = "hbars";
  const top = series.length > 1 ? legend(svg, series, 8, 16, size, width) + 6 : 6;
  const height = top + rows.length * (barHeight + gap) + 4;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const total = (r) => r.values.reduce((a, v) => a + (v || 0), 0);
  const scale = max || Math.max(1, ...rows.map(total));
  const room = width - gutter - 56;
  rows.forEach((r, i) => {
    const y = top + i * (barHeight + gap);
    const middle = y + barHeight / 2;
    const row = el("g", { class: "row" });
    row.appendChild(el("text", { x: gutter - 8, y: middle, "text-anchor": "end",
      "dominant-baseline": "central", "font-size": size, class: "label" }, r.label));
    let x = gutter;
    r.values.forEach((v, j) => {
      const w = room * ((v || 0) / scale);
      if (w > 0) {
        const rect = el("rect", { x, y, width: w, height: barHeight, fill: series[j].colour });
        rect.appendChild(el("title", {}, `${r.label} ${series[j].name}：${format(v, unit)}`));
        row.appendChild(rect);
      }
      x += w;
    });
    const shown = series.length > 1 ? total(r) : r.values[0];
    row.appendChild(el("text", { x: x + 6, y: middle, "dominant-baseline": "central",
      "font-size": size, class: "value" }, format(shown, unit)));
    svg.appendChild(row);
  });
  box.appendChild(svg);
  return svg;
}

// Columns in groups: `groups` [{label, values: [..]}], one column per series in each group,
// the group's label centred under it, each column's value above it, a legend for several.
export function columns(box, groups, series, { unit = "", width = 520 } = {}) {
  box.textContent = "";
  const size = 12, height = 200, bottom = 22;
  const svg = el("svg", { viewBox: `0 0 ${width} ${height + bottom}`, width: "100%",
    role: "img" });
  svg.dataset.kind = "columns";
  const top = series.length > 1 ? legend(svg, series, 8, 14, size, width) + 10 : 14;
  const max = Math.max(1, ...groups.flatMap((g) => g.values.map((v) => v || 0)));
  const slot = (width - 16) / Math.max(1, groups.length);
  const barWidth = Math.min(36, Math.max(4, (slot * 0.8) / series.length));
  groups.forEach((g, i) => {
    const centre = 8 + i * slot + slot / 2;
    const left = centre - (barWidth * series.length) / 2;
    const group = el("g", { class: "group" });
    g.values.forEach((v, j) => {
      const h = (height - top) * ((v || 0) / max);
      const x = left + j * barWidth;
      const rect = el("rect", { x: x + 1, y: height - h, width: barWidth - 2, height: h,
        fill: series[j].colour });
      rect.appendChild(el("title", {}, `${g.label} ${series[j].name}：${format(v, unit)}`));
      group.appendChild(rect);
      if (v) {
        group.appendChild(el("text", { x: x + barWidth / 2, y: height - h - 3,
          "text-anchor": "middle", "font-size": size - 1, class: "value" }, format(v, unit)));
      }
    });
    group.appendChild(el("text", { x: centre, y: height + 15, "text-anchor": "middle",
      "font-size": size, class: "label" }, g.label));
    svg.appendChild(group);
  });
  box.appendChild(svg);
  return svg;
}

// The five levels of 好差评, best first, in the colours the pads use.
export const LEVELS = [
  { key: "very_satisfied", name: "非常满意", colour: "#0f6b2b" },
  { key: "satisfied", name: "满意", colour: "#3a9d55" },
  { key: "basic", name: "基本满意", colour: "#0b5cad" },
  { key: "unsatisfied", name: "不满意", colour: "#e08a1e" },
  { key: "very_unsatisfied", name: "非常不满意", colour: "#c62828" },
];
