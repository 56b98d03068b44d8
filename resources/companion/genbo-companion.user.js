// ==UserScript==
// @name         Genbo companion: a dashboard's numbers to Genbo
// @name:zh-CN   跟播助手：把大屏上的数字发给 Genbo
// @namespace    https://genbo.app/companion
// @version      1.0.0
// @description  Point at the numbers on a live dashboard (罗盘, 百应, 快手 dashboards…) and they go to Genbo on this computer every few seconds.
// @description:zh-CN 在直播大屏上点选数字（罗盘、百应、快手后台…），每隔几秒发给本机的 Genbo。
// @match        *://*/*
// @grant        GM_xmlhttpRequest
// @grant        GM_getValue
// @grant        GM_setValue
// @grant        GM_registerMenuCommand
// @connect      127.0.0.1
// @connect      localhost
// @noframes
// @inject-into  content
// @sandbox      DOM
// @run-at       document-idle
// ==/UserScript==

/*
 * Genbo's browser companion. Served by Genbo at
 * http://127.0.0.1:PORT/companion.user.js with the pairing filled in; the copy
 * in Genbo's resources/ pairs by pasting "Copy pairing" from the window.
 *
 * - The panel shows on the big-screen sites it knows, and on any other site
 *   once "Genbo: show the panel on this site" is chosen in the userscript
 *   manager's menu.
 * - "Pick" next to a metric, then a click on the number on the page. The
 *   locator kept for it (per site, in the manager's storage) is a stable
 *   attribute where the page has one, else the label text next to the number
 *   ("在线人数"), never a chain of positions: a page that redraws its nodes
 *   is read again through it every time.
 * - The rule for a number in a text: the first number that is not a percentage,
 *   with a ¥ before it and 万/亿/w/k after it ("成交金额 ¥56.8万 ↑12%" →
 *   "¥56.8万"); for a duration, m:ss or 1分35秒. Genbo's own parser reads it
 *   (the preview asks Genbo, POST /v1/check). A read that fails is shown, not
 *   sent.
 * - Posts every few seconds (3 by default) and at once when a number changes,
 *   at most once a second; while Genbo does not answer, posts wait in a queue
 *   (kept in the manager's storage) and go in order once it answers.
 */

(function () {
  "use strict";

  const VERSION = "1.0.0";
  const BAKED = { address: "__GENBO_ADDRESS__", token: "__GENBO_TOKEN__" };
  const KNOWN_SITES = [
    "compass.jinritemai.com", // 抖音电商罗盘
    "buyin.jinritemai.com", // 百应
    "fxg.jinritemai.com",
    "qianchuan.jinritemai.com", // 巨量千川
    "s.kwaixiaodian.com", // 快手小店
    "zs.kwaixiaodian.com",
    "niu.e.kuaishou.com", // 磁力金牛
    "live.kuaishou.com",
  ];
  const FALLBACK_METRICS = [
    ["viewers", "Viewers online", "在线人数", "count"],
    ["gmv", "GMV", "成交金额", "money"],
    ["orders", "Orders", "成交订单数", "count"],
    ["dwell_seconds", "Average dwell", "人均停留时长", "seconds"],
    ["new_followers", "New followers", "新增粉丝", "count"],
    ["impressions", "Impressions", "直播间曝光人数", "count"],
    ["entries", "Entries", "进入直播间人数", "count"],
  ].map(([key, label, label_zh, unit]) => ({ key, label, label_zh, unit }));
  const QUEUE_MAX = 2400; // two hours at 3 s
  const MIN_GAP_MS = 1000; // at most one post a second
  const zh = /^zh/i.test(navigator.language || "");
  const T = (en, cn) => (zh ? cn : en);

  // -- storage (the userscript manager's, per site) -------------------------------
  const siteKey = "site:" + location.host;
  const load = (key, dflt) => {
    try {
      const v = GM_getValue(key);
      return v === undefined || v === null ? dflt : JSON.parse(v);
    } catch (e) {
      return dflt;
    }
  };
  const save = (key, value) => GM_setValue(key, JSON.stringify(value));
  const site = Object.assign(
    { enabled: KNOWN_SITES.includes(location.hostname), locators: {}, source: "", every_s: 3 },
    load(siteKey, {})
  );
  const saveSite = () => save(siteKey, site);
  // The pairing is read only where the panel runs (not on every site).
  let pairing = null;
  function loadPairing() {
    pairing = load("pairing", null);
    if (!pairing && !BAKED.address.startsWith("__GENBO")) {
      pairing = { address: BAKED.address, token: BAKED.token };
      save("pairing", pairing);
    }
  }
  // What waits for Genbo, per site and source name (two tabs never share one).
  const queueKey = () => "queue:" + location.host + "|" + site.source;
  let queue = load(queueKey(), []);

  // -- reading a number out of a text ---------------------------------------------
  // Not a time of day or a date: no digit, ":" or "-" right before or after it.
  const NUMBER = /(?<![\d:：\-.])([¥￥]\s*)?(\d{1,3}(?:[,，]\d{3})+|\d+)(\.\d+)?(?![\d:：\-]|[,，]\d)\s*(万|亿|[wWkKmM](?![a-zA-Z]))?(\s*%)?/g;
  const N = "\\d+(?:\\.\\d+)?";
  // 1分35秒, 1.5分钟, 2小时, 95秒, 1h20m: the units form first (a clock time
  // such as 开播 20:00 beside it is no duration), then m:ss.
  const DURATION_UNITS = new RegExp(
    `${N}\\s*(?:小时|时|h)(?:\\s*${N}\\s*(?:分钟|分|min|m))?(?:\\s*${N}\\s*(?:秒|s))?` +
      `|${N}\\s*(?:分钟|分|min|m)(?:\\s*${N}\\s*(?:秒|s))?|${N}\\s*(?:秒|s)(?![a-z])`,
    "i"
  );
  const DURATION_CLOCK = /(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])/;

  /** The number in `text` by the rule above, or null. `anchor` (the label
   *  next to it) is taken out first, so a digit in "近5分钟成交" is no number. */
  function extract(text, unit, anchor) {
    let t = (text || "").replace(/\s+/g, " ").trim();
    if (anchor && t.includes(anchor)) t = t.replace(anchor, " ");
    if (unit === "seconds") {
      const d = t.match(DURATION_UNITS) || t.match(DURATION_CLOCK);
      if (d) return d[0].replace(/\s+/g, "");
    }
    for (const m of t.matchAll(NUMBER)) {
      if (m[5]) continue; // a percentage: a change, not the figure
      return ((m[1] ? "¥" : "") + m[2] + (m[3] || "") + (m[4] || "")).replace(/，/g, ",");
    }
    return null;
  }

  // -- locators ---------------------------------------------------------------------
  const STABLE_ATTRS = ["data-e2e", "data-testid", "data-test", "data-id", "data-key", "data-field", "data-metric", "aria-label", "name", "title"];
  const looksGenerated = (v) => /\d{3,}|[a-f0-9]{6,}|^css-|^sc-|^_[a-z0-9]{4,}/i.test(v);
  const ownText = (el) =>
    Array.from(el.childNodes)
      .filter((n) => n.nodeType === 3)
      .map((n) => n.textContent)
      .join(" ")
      .replace(/\s+/g, " ")
      .trim();
  const hasNumber = (el) => /\d/.test(el.textContent || "");
  const isPanel = (el) => el && el.closest && el.closest("#genbo-companion-host");
  const UNSEEN = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "TEXTAREA"]);
  /** Whether an element is on screen: a script's text or a hidden copy is no number shown. */
  const onScreen = (el) => !!el && !UNSEEN.has(el.tagName) && el.getClientRects().length > 0;

  function uniqueCss(el) {
    const tag = el.tagName.toLowerCase();
    for (let e = el, up = 0; e && e !== document.body && up < 3; e = e.parentElement, up++) {
      // An ancestor names the number only if it holds no other number at all
      // (a percentage beside it aside): else it would name another one.
      if (up > 0 && numbersIn(e).length !== 1) break;
      const names = [];
      if (e.id && !looksGenerated(e.id)) names.push("#" + CSS.escape(e.id));
      for (const a of STABLE_ATTRS) {
        const v = e.getAttribute && e.getAttribute(a);
        if (v && !looksGenerated(v) && v.length < 80) names.push(`[${a}="${CSS.escape(v)}"]`);
      }
      for (const css of names) if (document.querySelectorAll(css).length === 1) return { css, up };
    }
    return null;
  }

  const numbersIn = (box) =>
    Array.from(box.querySelectorAll("*")).filter((e) => extract(ownText(e), "count") !== null);

  /** The label text that names the number: the element's own words, else the
   *  nearest text without digits before it, within three levels up. */
  /** The first run of words in an element's own text ("成交订单 1,200 单" → "成交订单"). */
  const ownLabel = (el) =>
    ownText(el)
      .split(/[\d.,，:：¥￥$%↑↓+\-]+/)
      .map((t) => t.trim())
      .find((t) => t.length >= 2 && !/^(万|亿|w|k|单|人|元)$/i.test(t)) || null;
  const norm = (t) => t.replace(/\s+/g, " ").trim();

  function anchorFor(el) {
    const own = ownLabel(el);
    if (own) return { text: own, up: 0 };
    for (let box = el.parentElement, up = 1; box && up <= 3; box = box.parentElement, up++) {
      const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
      let best = null;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (el.contains(n)) break; // only what comes before the number
        const t = n.textContent.replace(/\s+/g, " ").trim();
        if (t.length >= 2 && !/\d/.test(t)) best = t;
      }
      if (best) return { text: best, up };
    }
    return null;
  }

  function locatorFor(el) {
    const loc = {};
    const css = uniqueCss(el);
    if (css) loc.css = css;
    const anchor = anchorFor(el);
    if (anchor) loc.anchor = anchor;
    loc.tag = el.tagName.toLowerCase();
    return loc.css || loc.anchor ? loc : null;
  }

  /** The element a locator names now (the page may have replaced it). */
  function resolve(loc) {
    if (loc.css) {
      const found = document.querySelectorAll(loc.css.css);
      if (found.length === 1) {
        // The attribute was on an ancestor: its one element with a number
        // (none: the number is not on the page now, not some other one).
        const e = loc.css.up > 0 ? firstNumberIn(found[0], loc.tag) : found[0];
        if (e && hasNumber(e) && onScreen(e)) return e;
      }
    }
    if (loc.anchor) {
      const want = loc.anchor.text;
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || isPanel(el) || !n.textContent.includes(want) || !onScreen(el)) continue;
        if (loc.anchor.up === 0) {
          // The label in the number's own text: the same first words, not a longer label.
          if (ownLabel(el) === want && extract(ownText(el), "count", want) !== null) return el;
          continue;
        }
        if (norm(n.textContent) !== want) continue; // "成交金额", not "成交金额排行"
        // Up from the label until a box holds a number after it: the number
        // was `up` levels under the box they share, the label maybe deeper.
        let box = el;
        for (let i = 0; i < loc.anchor.up + 2 && box.parentElement; i++) {
          box = box.parentElement;
          const found = firstNumberIn(box, loc.tag, el);
          if (found) return found;
        }
      }
    }
    return null;
  }

  function firstNumberIn(box, tag, after) {
    const all = box.querySelectorAll(tag || "*");
    for (const e of all) {
      if (after && !(after.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
      if (after && after.contains(e)) continue;
      if (extract(ownText(e), "count") !== null && onScreen(e)) return e;
    }
    return null;
  }

  // -- talking to Genbo ---------------------------------------------------------------
  function request(method, path, body) {
    return new Promise((resolve) => {
      if (!pairing) return resolve({ status: -1, doc: null });
      GM_xmlhttpRequest({
        method,
        url: pairing.address.replace(/\/+$/, "") + path,
        headers: { Authorization: "Bearer " + pairing.token, "Content-Type": "application/json" },
        data: body === undefined ? undefined : JSON.stringify(body),
        timeout: 5000,
        onload: (r) => {
          let doc = null;
          try {
            doc = JSON.parse(r.responseText);
          } catch (e) {}
          resolve({ status: r.status, doc });
        },
        onerror: () => resolve({ status: 0, doc: null }),
        ontimeout: () => resolve({ status: 0, doc: null }),
      });
    });
  }

  /** "http://127.0.0.1:PORT/#genbo-token=TOKEN" (the window's Copy pairing). */
  function parsePairing(text) {
    const m = (text || "").trim().match(/^(https?:\/\/(?:127\.0\.0\.1|localhost):\d+)\/?#genbo-token=([\w.~-]+)$/);
    return m ? { address: m[1], token: m[2] } : null;
  }

  // -- state ------------------------------------------------------------------------
  const state = {
    conn: "unpaired", // unpaired | connected | away | refused
    session: null,
    metrics: FALLBACK_METRICS,
    reads: {}, // key → {text, value, error}
    previews: {}, // key → text Genbo shows
    lastPost: null,
    lastError: "",
    picking: null,
  };

  function readAll() {
    const out = {};
    for (const m of state.metrics) {
      const loc = site.locators[m.key];
      if (!loc) continue;
      const el = resolve(loc);
      if (!el) {
        out[m.key] = { error: T("not found on the page", "页面上找不到") };
        continue;
      }
      const text = el.textContent.replace(/\s+/g, " ").trim();
      const value = extract(text, m.unit, loc.anchor && loc.anchor.up === 0 ? loc.anchor.text : null);
      out[m.key] = value === null ? { text, error: T("no number in it", "其中没有数字") } : { text, value };
    }
    state.reads = out;
    return out;
  }

  let lastSent = 0;
  let lastSig = "";
  let sending = false;

  async function tick(changed) {
    const reads = readAll();
    if (state.conn === "connected") for (const k of Object.keys(reads)) preview(k);
    const metrics = {};
    for (const [k, r] of Object.entries(reads)) if (r.value !== undefined) metrics[k] = r.value;
    const sig = JSON.stringify(metrics);
    const now = Date.now();
    if (Object.keys(metrics).length && (!changed || sig !== lastSig) && now - lastSent >= MIN_GAP_MS) {
      lastSent = now;
      lastSig = sig;
      const body = { metrics, ts: new Date(now).toISOString() };
      if (site.source) body.source = site.source;
      queue.push(body);
      if (queue.length > QUEUE_MAX) queue.splice(0, queue.length - QUEUE_MAX);
      save(queueKey(), queue);
    }
    await flush();
    render();
  }

  async function flush() {
    if (sending || !pairing) return;
    sending = true;
    try {
      while (queue.length) {
        const r = await request("POST", "/v1/samples", queue[0]);
        if (r.status === 202) {
          state.conn = "connected";
          state.lastPost = Date.now();
          state.lastError = "";
        } else if (r.status === 0 || r.status === 503 || r.status === -1) {
          state.conn = "away"; // Genbo is not running (or cannot store now): kept
          break;
        } else if (r.status === 401) {
          state.conn = "refused";
          break;
        } else {
          state.lastError = (r.doc && r.doc.error) || "HTTP " + r.status; // this one cannot go
        }
        queue.shift();
        save(queueKey(), queue);
      }
    } finally {
      sending = false;
    }
  }

  async function checkSession() {
    if (!pairing) {
      state.conn = "unpaired";
      return render();
    }
    const r = await request("GET", "/v1/session");
    if (r.status === 200 && r.doc) {
      state.conn = "connected";
      state.session = r.doc;
      if (Array.isArray(r.doc.metrics) && r.doc.metrics.length) state.metrics = r.doc.metrics;
    } else if (r.status === 401) {
      state.conn = "refused";
    } else {
      state.conn = "away";
    }
    render();
  }

  const previewed = {}; // key → the text the preview is of
  async function preview(key) {
    const r = state.reads[key];
    if (!r || r.value === undefined || previewed[key] === r.value) return;
    previewed[key] = r.value;
    const res = await request("POST", "/v1/check", { metrics: { [key]: r.value } });
    if (res.status === 200 && res.doc && res.doc.values[key]) {
      state.previews[key] = res.doc.values[key].exact;
    } else if (res.doc && res.doc.error) {
      state.previews[key] = "✗ " + res.doc.error;
    }
    render();
  }

  // -- picking ------------------------------------------------------------------------
  let hover = null;
  const outline = (el, on) => {
    if (!el) return;
    el.style.outline = on ? "2px solid #e8590c" : "";
    el.style.outlineOffset = on ? "2px" : "";
  };
  function onMove(e) {
    if (isPanel(e.target)) return;
    if (hover !== e.target) {
      outline(hover, false);
      hover = e.target;
      outline(hover, true);
    }
  }
  function onClick(e) {
    if (isPanel(e.target)) return;
    e.preventDefault();
    e.stopPropagation();
    const key = state.picking;
    stopPicking();
    const el = e.target;
    if (!hasNumber(el)) return render(T("That has no number; pick again.", "那里没有数字；请重新点选。"));
    if (extract(ownText(el), "count") === null && numbersIn(el).length > 1) {
      return render(T("That holds several numbers; click the one number.", "那里有多个数字；请点其中一个数字。"));
    }
    const loc = locatorFor(el);
    if (!loc || resolve(loc) !== el) {
      return render(
        T(
          "Cannot find that number again by a label or attribute; try the number itself.",
          "无法通过标签或属性再次找到这个数字；请直接点数字本身。"
        )
      );
    }
    site.locators[key] = loc;
    saveSite();
    readAll();
    preview(key);
    render();
  }
  function onKey(e) {
    if (e.key === "Escape") stopPicking(), render();
  }
  function startPicking(key) {
    state.picking = key;
    document.addEventListener("mousemove", onMove, true);
    document.addEventListener("click", onClick, true);
    document.addEventListener("keydown", onKey, true);
    render();
  }
  function stopPicking() {
    state.picking = null;
    outline(hover, false);
    hover = null;
    document.removeEventListener("mousemove", onMove, true);
    document.removeEventListener("click", onClick, true);
    document.removeEventListener("keydown", onKey, true);
  }

  // -- the panel ----------------------------------------------------------------------
  let root = null;
  let collapsed = load("collapsed", false);
  const CSS_TEXT = `
    :host { all: initial; }
    .box { position: fixed; right: 12px; bottom: 12px; z-index: 2147483647; width: 340px;
      max-height: 70vh; display: flex; flex-direction: column; background: #fff; color: #222;
      border: 1px solid #ccc; border-radius: 8px; box-shadow: 0 4px 16px rgba(0,0,0,.2);
      font: 13px/1.4 system-ui, "Noto Sans CJK SC", "PingFang SC", sans-serif; }
    .head { display: flex; align-items: center; gap: 6px; padding: 6px 8px; background: #1f2933;
      color: #fff; border-radius: 8px 8px 0 0; cursor: default; }
    .head b { flex: 1; }
    .dot { width: 9px; height: 9px; border-radius: 50%; background: #999; }
    .dot.connected { background: #2f9e44; } .dot.away { background: #f08c00; }
    .dot.refused, .dot.unpaired { background: #e03131; }
    .body { overflow: auto; padding: 6px 8px; }
    .row { display: grid; grid-template-columns: 7.5em 1fr auto; gap: 4px; align-items: center;
      padding: 3px 0; border-bottom: 1px solid #f0f0f0; }
    .read { font-variant-numeric: tabular-nums; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .read small { color: #666; display: block; }
    .err { color: #c92a2a; }
    button { white-space: nowrap; font: inherit; padding: 1px 8px; border: 1px solid #aaa; border-radius: 4px; background: #f8f9fa; cursor: pointer; }
    button.on { background: #e8590c; color: #fff; border-color: #e8590c; }
    .head button { background: transparent; color: #fff; border-color: #667; }
    input { font: inherit; width: 100%; box-sizing: border-box; padding: 2px 4px; }
    .line { display: flex; gap: 4px; align-items: center; margin: 4px 0; white-space: nowrap; }
    .line input[data-field="pair"], .line input[data-field="source"] { flex: 1; min-width: 0; }
    .status { color: #444; margin: 4px 0; }
  `;

  function ensurePanel() {
    if (root) return;
    const host = document.createElement("div");
    host.id = "genbo-companion-host";
    document.documentElement.appendChild(host);
    root = host.attachShadow({ mode: "open" });
    const style = document.createElement("style");
    style.textContent = CSS_TEXT;
    root.appendChild(style);
    const box = document.createElement("div");
    box.className = "box";
    root.appendChild(box);
    box.addEventListener("click", onPanelClick);
    box.addEventListener("change", onPanelChange);
  }

  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

  function connText() {
    const s = state.session;
    switch (state.conn) {
      case "connected":
        return T("Connected to Genbo", "已连接 Genbo") + (s && s.streamer ? ` · ${s.streamer}` : "");
      case "away":
        return T("Genbo is not running (or no session takes push ingest)", "Genbo 未运行（或没有开启推送接入的场次）");
      case "refused":
        return T("Genbo refused the token: pair again", "Genbo 拒绝了令牌：请重新配对");
      default:
        return T("Not paired: paste Copy pairing from Genbo", "未配对：粘贴 Genbo 里“复制配对”的内容");
    }
  }

  function render(note) {
    if (!site.enabled) return;
    ensurePanel();
    const box = root.querySelector(".box");
    const label = (m) => (zh ? m.label_zh : m.label);
    let html = `<div class="head"><span class="dot ${state.conn}" data-conn="${state.conn}"></span>
      <b>Genbo ${T("companion", "跟播助手")}</b>
      <button data-act="collapse">${collapsed ? "▴" : "▾"}</button></div>`;
    if (!collapsed) {
      html += `<div class="body"><div class="status" data-role="conn">${esc(connText())}</div>`;
      html += `<div class="line"><input data-field="pair" placeholder="${esc(T("Paste Copy pairing here", "在此粘贴“复制配对”"))}">
        <button data-act="pair">${T("Pair", "配对")}</button></div>`;
      html += `<div class="line">${T("Source name", "来源名")} <input data-field="source" value="${esc(site.source)}" placeholder="${esc(T("e.g. 大屏", "如 大屏"))}">
        ${T("every", "每")} <input data-field="every" style="width:3em" value="${site.every_s}"> s</div>`;
      for (const m of state.metrics) {
        const r = state.reads[m.key];
        const picked = !!site.locators[m.key];
        let read = "";
        if (state.picking === m.key) read = `<span>${T("Click the number on the page (Esc: cancel)", "点击页面上的数字（Esc 取消）")}</span>`;
        else if (r && r.error) read = `<span class="err">${esc(r.error)}</span>${r.text ? `<small>${esc(r.text)}</small>` : ""}`;
        else if (r) read = `<span>${esc(r.value)}</span><small>${esc(state.previews[m.key] ? "→ " + state.previews[m.key] : r.text)}</small>`;
        else if (!picked) read = `<small>—</small>`;
        html += `<div class="row" data-metric="${esc(m.key)}"><span>${esc(label(m))}</span>
          <span class="read">${read}</span><span>
          <button data-act="pick" data-key="${esc(m.key)}" class="${state.picking === m.key ? "on" : ""}">${T("pick", "点选")}</button>
          ${picked ? `<button data-act="clear" data-key="${esc(m.key)}" title="${esc(T("forget", "清除"))}">×</button>` : ""}</span></div>`;
      }
      const last = state.lastPost ? new Date(state.lastPost).toLocaleTimeString() : "—";
      html += `<div class="status" data-role="queue">${T("Last post", "上次发送")} ${esc(last)} · ${T("waiting", "待发")} ${queue.length}</div>`;
      if (state.lastError) html += `<div class="status err" data-role="error">${esc(state.lastError)}</div>`;
      if (note) html += `<div class="status err" data-role="note">${esc(note)}</div>`;
      html += `</div>`;
    }
    // Keep what is being typed: only redraw when something else has focus.
    const focused = root.activeElement;
    if (focused && focused.tagName === "INPUT") {
      const rows = box.querySelectorAll(".row, .status");
      if (rows.length) return; // redrawn on the next tick
    }
    box.innerHTML = html;
  }

  function onPanelClick(e) {
    const b = e.target.closest("button");
    if (!b) return;
    const act = b.dataset.act;
    if (act === "collapse") {
      collapsed = !collapsed;
      save("collapsed", collapsed);
    } else if (act === "pick") {
      if (state.picking) stopPicking();
      else startPicking(b.dataset.key);
      e.stopPropagation();
    } else if (act === "clear") {
      delete site.locators[b.dataset.key];
      delete state.reads[b.dataset.key];
      saveSite();
    } else if (act === "pair") {
      const input = root.querySelector('[data-field="pair"]');
      const p = parsePairing(input.value);
      if (!p) return render(T("That is not a pairing from Genbo.", "这不是 Genbo 的配对内容。"));
      pairing = p;
      save("pairing", p);
      input.value = "";
      checkSession();
    }
    render();
  }

  function onPanelChange(e) {
    const f = e.target.dataset.field;
    if (f === "source") {
      const old = queueKey();
      site.source = e.target.value.trim().slice(0, 60);
      saveSite();
      save(old, []);
      save(queueKey(), queue); // what waits goes on under the new name
    } else if (f === "every") {
      const v = Math.round(Number(e.target.value));
      site.every_s = Number.isFinite(v) && v >= 1 && v <= 600 ? v : 3;
      saveSite();
      restartTimer();
    }
  }

  // -- running ------------------------------------------------------------------------
  let timer = null;
  function restartTimer() {
    if (timer) clearInterval(timer);
    timer = setInterval(() => tick(false), site.every_s * 1000);
  }
  let changeTimer = null;
  const observer = new MutationObserver((records) => {
    if (records.every((r) => isPanel(r.target))) return;
    if (changeTimer) return;
    changeTimer = setTimeout(() => {
      changeTimer = null;
      if (Object.keys(site.locators).length) tick(true);
    }, 300);
  });

  function start() {
    loadPairing();
    site.enabled = true;
    saveSite();
    render();
    checkSession();
    restartTimer();
    setInterval(checkSession, 5000);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  }

  if (typeof GM_registerMenuCommand === "function") {
    GM_registerMenuCommand(T("Genbo: show the panel on this site", "Genbo：在此网站显示面板"), () => {
      if (!timer) start();
    });
    GM_registerMenuCommand(T("Genbo: hide the panel on this site", "Genbo：在此网站隐藏面板"), () => {
      site.enabled = false;
      saveSite();
      location.reload();
    });
  }
  if (site.enabled) start();

  // For the tests' harness and curious operators: what the companion holds.
  window.__genboCompanion = { version: VERSION, state, site, queue: () => queue, extract, parsePairing };
})();
