// The phone page, live: follows /api/tickets/{id}/live and redraws what changed. Three or
// fewer ahead, and called, are each told once with a change of the page, a sound and a
// vibration (a phone allows sound only after a touch: the button below asks for one).
(() => {
  const id = decodeURIComponent(location.pathname.split("/").pop());
  const $ = (name) => document.getElementById(name);
  const seen = { messages: 0, alerts: [], opened: 0, last: null };
  window.__ticket = seen; // for tests
  let backoff = 500;
  let ws = null;
  let heard = Date.now();
  let finished = false;
  let audio = null;

  const button = document.createElement("button");
  button.type = "button";
  button.className = "alerts";
  button.textContent = "开启声音和振动提醒";
  button.addEventListener("click", () => {
    sound();
    button.classList.add("on");
    button.textContent = "已开启提醒，请保持本页打开";
  });
  $("foot").before(button);

  function context() {
    if (!audio && typeof AudioContext !== "undefined") audio = new AudioContext();
    if (audio && audio.state !== "running") audio.resume().catch(() => {});
    return audio;
  }

  // Short tones: two for "near", three higher ones for "called"; silent if not allowed.
  function sound(count = 1, pitch = 660) {
    const ctx = context();
    if (!ctx || ctx.state !== "running") return false;
    for (let i = 0; i < count; i++) {
      const start = ctx.currentTime + i * 0.35;
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = pitch;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.4, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.3);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + 0.32);
    }
    return true;
  }

  function vibrate(pattern) {
    try {
      return Boolean(navigator.vibrate && navigator.vibrate(pattern));
    } catch {
      return false;
    }
  }

  function alert(kind) {
    const called = kind === "called";
    seen.alerts.push({
      kind,
      sound: sound(called ? 3 : 2, called ? 880 : 660),
      vibrate: vibrate(called ? [400, 150, 400, 150, 400] : [200, 100, 200]),
    });
  }

  function windowsLine(windows) {
    const notes = { paused: "暂停服务", closed: "暂未开放" };
    return windows.map((w) => {
      let note = notes[w.status] || "";
      if (w.pause_note) note = `${note}：${w.pause_note}`;
      return note ? `${w.label}（${note}）` : w.label;
    }).join("、");
  }

  const MARKS = { done: "✓", now: "▶", next: "○", left: "—" };
  const NOTES = { done: "已办结", now: "正在办理", next: "待办理", left: "未办理" };

  // A bundle's steps (一件事): each ticked off as it is done, the one under way marked.
  function showSteps(bundle) {
    const list = $("steps");
    list.hidden = !bundle;
    if (!bundle) return;
    let head = $("steps-head");
    if (!head) {
      head = document.createElement("p");
      head.id = "steps-head";
      head.className = "steps-head";
      list.before(head);
    }
    head.textContent = `${bundle.name}：${bundle.status_name}，第 ${bundle.step}/${bundle.of} 项`;
    list.replaceChildren(...bundle.steps.map((s) => {
      const li = document.createElement("li");
      li.className = `step step-${s.state}`;
      const mark = document.createElement("span");
      mark.className = "mark";
      mark.textContent = MARKS[s.state];
      const note = document.createElement("span");
      note.className = "note";
      note.textContent = NOTES[s.state];
      const where = s.window === null ? "" : `（${s.window}号窗口）`;
      li.append(mark, ` ${s.matter_name}${where} `, note);
      return li;
    }));
  }

  function show(m) {
    const before = seen.last;
    $("matter").textContent = m.matter_name;
    showSteps(m.bundle);
    const state = $("state");
    state.className = `state state-${m.state}`;
    state.textContent = m.state_name;
    $("say").textContent = m.say;
    if ($("say-en")) $("say-en").textContent = m.say_en;
    $("windows-list").textContent = windowsLine(m.windows);
    $("windows").hidden = m.windows.length === 0 || m.final;
    document.body.classList.toggle("near", m.near);
    document.body.classList.toggle("called", m.state === "called");
    const now = new Date();
    const hms = [now.getHours(), now.getMinutes(), now.getSeconds()]
      .map((n) => String(n).padStart(2, "0")).join(":");
    $("foot").textContent = `更新于 ${hms}` + (m.final ? "" : "，本页实时更新");
    document.title = m.state === "called" ? `【请到${m.window}号窗口】${m.number}`
      : `${m.number} 号`;
    if (before && m.near && !before.near) alert("near");
    if (before && m.state === "called" && before.state !== "called") alert("called");
    seen.last = m;
    seen.messages++;
    if (m.final) stop();
  }

  function stop() {
    finished = true;
    button.hidden = true;
    if (ws) ws.close();
  }

  function connect() {
    if (finished) return;
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(`${proto}//${location.host}/api/tickets/${encodeURIComponent(id)}/live`);
    ws = socket;
    seen.opened++;
    socket.onmessage = (e) => {
      heard = Date.now();
      let m;
      try {
        m = JSON.parse(e.data);
      } catch {
        return;
      }
      if (m.type !== "ticket" || (seen.last && m.seq < seen.last.seq)) return;
      backoff = 500;
      show(m);
    };
    socket.onclose = () => {
      if (socket !== ws || finished) return;
      ws = null;
      setTimeout(connect, backoff * (0.8 + 0.4 * Math.random()));
      backoff = Math.min(10000, backoff * 2);
    };
    socket.onerror = () => socket.close();
  }

  // A socket that went quiet (the phone slept, the Wi-Fi changed) is opened again.
  setInterval(() => {
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    if (Date.now() - heard > 40000) ws.close();
    else ws.send("ping");
  }, 15000);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && ws && Date.now() - heard > 20000) ws.close();
  });
  connect();
})();
