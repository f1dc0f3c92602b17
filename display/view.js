// Drawing the hall on the screen. Lists are rebuilt whole (they hold at most 20 rows), so no
// node or listener outlives the data it showed.

const WEEKDAYS = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];
const WEEKDAYS_EN = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
  "Saturday"];
const MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];

const WINDOW_STATES = {
  closed: ["暂未开放", "Closed"],
  paused: ["暂停服务", "Paused"],
  idle: ["服务中", "Open"],
  called: ["请前往", "Please come"],
  serving: ["办理中", "Serving"],
};

// The highlight behind a new call: three quick flashes, then a slow fade.
const FLASH = [
  { opacity: 1, offset: 0 }, { opacity: 0, offset: 0.06 }, { opacity: 1, offset: 0.12 },
  { opacity: 0, offset: 0.18 }, { opacity: 1, offset: 0.24 }, { opacity: 0, offset: 0.3 },
  { opacity: 1, offset: 0.36 }, { opacity: 1, offset: 0.6 }, { opacity: 0, offset: 1 },
];

const $ = (id) => document.getElementById(id);

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function en(text) {
  return el("span", "en", text);
}

// A notice as the hub sends it: names, phones and ID numbers already masked.
export function noticeText(notice) {
  return [notice.title, notice.text].filter(Boolean).join("　");
}

export class View {
  constructor() {
    this.flashing = null;
    this.shownTime = "";
  }

  applySettings(s) {
    const root = document.documentElement.style;
    for (const [name, value] of Object.entries(s.colours || {})) root.setProperty(`--${name}`, value);
    root.setProperty("--scale", String(s.scale || 1));
    $("windows-panel").hidden = s.show_windows === false;
  }

  center(center) {
    $("center-name").textContent = center.name || "便民服务中心";
    $("center-name-en").textContent = center.name_en || "";
    document.body.classList.toggle("english", !!center.english);
    document.title = `${center.name || ""} 叫号显示屏`;
  }

  clock(date) {
    // `date`'s UTC fields hold the hall's local time (see HallState.hallClock).
    const hh = String(date.getUTCHours()).padStart(2, "0");
    const mm = String(date.getUTCMinutes()).padStart(2, "0");
    const time = `${hh}:${mm}`;
    if (time === this.shownTime) return;
    this.shownTime = time;
    const [y, m, d, w] = [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(),
      date.getUTCDay()];
    $("clock-time").textContent = time;
    $("clock-date").textContent = `${y}年${m + 1}月${d}日 ${WEEKDAYS[w]}`;
    $("clock-date-en").textContent = `${WEEKDAYS_EN[w]}, ${d} ${MONTHS_EN[m]} ${y}`;
  }

  connection(connected) {
    $("connection").hidden = connected;
  }

  muted(muted) {
    const button = $("mute");
    button.setAttribute("aria-pressed", String(muted));
    button.classList.toggle("off", muted);
    button.replaceChildren(muted ? "声音 关 " : "声音 开 ", en(muted ? "Sound off" : "Sound on"));
  }

  soundHint(show) {
    $("sound-hint").hidden = !show;
  }

  problem(text) {
    $("problem").hidden = !text;
    $("problem").textContent = text || "";
  }

  now(call, highlightSeconds) {
    $("now-number").hidden = !call;
    $("now-head").hidden = !call;
    if (!call) {
      $("now-window").textContent = "欢迎您，请取号后留意叫号";
      $("now-window-en").textContent = "Welcome. Please take a ticket and wait for your number.";
      return;
    }
    $("now-label").textContent = call.recall ? "再次呼叫" : "正在叫号";
    $("now-label-en").textContent = call.recall ? "Calling again" : "Now calling";
    $("now-number").textContent = call.number;
    $("now-window").replaceChildren("请到 ", el("b", "win", String(call.window)), " 号窗口办理");
    $("now-window-en").textContent = `Please go to Window ${call.window}`;
    // The flash starts with the next frame: the number itself must not wait for it.
    if (highlightSeconds > 0) requestAnimationFrame(() => this.flash(highlightSeconds));
  }

  flash(seconds) {
    // Made afresh for each call (a call right after another flashes again), without asking
    // the browser for the page's current style: that would lay the whole screen out again.
    if (this.flashing) this.flashing.cancel();
    this.flashing = $("now").animate(FLASH, {
      duration: seconds * 1000, easing: "ease-out", pseudoElement: "::before",
    });
  }

  // One row per ticket, newest first, a recalled one marked 重呼; as many as fit whole.
  recent(calls, count) {
    const rows = calls.slice(0, count).map((c) => {
      const li = el("li", c.recalls ? "recall" : "");
      li.dataset.seq = String(c.seq);
      li.dataset.ticket = c.ticket;
      const num = el("span", "num-cell");
      num.append(el("span", "num", c.number));
      if (c.recalls) {
        const again = el("span", "again", "重呼");
        again.append(en(" Again"));
        num.append(again);
      }
      li.append(num);
      const where = el("span", "where");
      where.append(el("b", "win", String(c.window)), " 号窗口");
      where.append(en(` Window ${c.window}`));
      li.append(where);
      return li;
    });
    if (rows.length === 0) {
      const li = el("li", "empty", "请稍候，即将开始叫号");
      li.append(en(" Calling will begin shortly"));
      rows.push(li);
    }
    const list = $("recent");
    list.replaceChildren(...rows);
    // A row the list has no room for is left out, not shown cut in half.
    const bottom = list.getBoundingClientRect().bottom + 1;
    for (const li of [...list.children].reverse()) {
      if (list.children.length <= 1 || li.getBoundingClientRect().bottom <= bottom) break;
      li.remove();
    }
  }

  windows(windows) {
    const tiles = [...windows.values()].sort((a, b) => a.number - b.number).map((w) => {
      let key = "closed";
      if (w.status === "paused") key = "paused";
      else if (w.status === "open") key = w.current ? w.current.state : "idle";
      const [zh, english] = WINDOW_STATES[key] || WINDOW_STATES.idle;
      const tile = el("div", `window-tile ${key}`);
      tile.dataset.window = String(w.number);
      const head = el("div", "window-head");
      head.append(el("b", "win", String(w.number)), "号窗口");
      tile.append(head, el("div", "window-dept", w.department || w.label || ""));
      // 挂牌上岗: who is on duty here, as on their badge.
      const clerk = el("div", "window-clerk");
      if (w.clerk) {
        clerk.append(el("span", "clerk-name", w.clerk.name), " ",
          el("span", "clerk-no", `工号${w.clerk.staff_no}`));
      } else {
        clerk.append("\u00a0");
      }
      tile.append(clerk);
      const state = el("div", "window-state");
      if (w.current && (key === "called" || key === "serving")) {
        state.append(el("span", "num", w.current.number), ` ${zh}`); // no room for English
      } else {
        state.append(zh, en(` ${english}`));
      }
      tile.append(state);
      return tile;
    });
    $("windows").replaceChildren(...tiles);
  }

  waiting(matters) {
    const tiles = matters.map((m) => {
      const tile = el("div", "waiting-tile");
      tile.dataset.matter = m.prefix;
      const count = el("div", "matter-count");
      count.append(el("b", "", String(m.waiting)), " 人");
      if (m.windows.length) {
        count.append(el("span", "matter-windows", `${m.windows.join("、")} 号窗口`));
      }
      const wait = el("div", "matter-wait");
      if (m.wait === null || m.wait === undefined) {
        wait.append("暂无开放窗口", en("No window open"));
      } else if (m.wait === 0) {
        wait.append("无需等候", en("No wait"));
      } else {
        wait.append("预计等候约 ", el("b", "", String(m.wait)), " 分钟",
          en(`About ${m.wait} min`));
      }
      tile.append(el("div", "matter-name", m.name), el("div", "en matter-name-en", m.name_en),
        count, wait);
      return tile;
    });
    $("waiting").replaceChildren(...tiles);
  }

  // The board shows one notice at a time, whole: a long one page by page, in a box of a
  // fixed height, so the screen around it never moves. Returns how many pages it has.
  notice(notices, index, page = 0) {
    const section = $("notices");
    if (!notices || notices.length === 0) {
      section.hidden = true;
      return 0;
    }
    section.hidden = false;
    const i = index % notices.length;
    const box = $("notice-text");
    const text = $("notice-page");
    if (text.dataset.id !== notices[i].id || text.dataset.index !== String(i)) {
      text.textContent = noticeText(notices[i]);
      text.dataset.id = notices[i].id;
      text.dataset.index = String(i);
    }
    const height = box.clientHeight || 1;
    const pages = Math.max(1, Math.ceil((text.scrollHeight - 2) / height));
    const shown = Math.min(page, pages - 1);
    text.style.transform = `translateY(${-shown * height}px)`;
    const of = notices.length > 1 ? `${i + 1} / ${notices.length}` : "";
    const part = pages > 1 ? `（${shown + 1}/${pages}）` : "";
    $("notice-count").textContent = of + part;
    return pages;
  }
}
