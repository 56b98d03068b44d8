// ==UserScript==
// @name         Genbo push ingest: send dashboard numbers to Genbo
// @namespace    genbo
// @version      1.0
// @description  Reads numbers from a live dashboard page and posts them to Genbo on this computer.
// @match        https://example.com/live-dashboard*
// @grant        GM_xmlhttpRequest
// @connect      127.0.0.1
// ==/UserScript==

// Set these from the Genbo window (the line under the header shows both once a
// session with "Push ingest" starts), then adjust the selectors to your page.
const GENBO_URL = "http://127.0.0.1:PORT/v1/samples";
const GENBO_TOKEN = "PASTE-THE-TOKEN-HERE";
const EVERY_MS = 5000;

// Metric name → CSS selector of the element that shows it. Values may be written
// as on the page: "1.2万", "3,500", "¥56.8w" are all understood by Genbo.
const SELECTORS = {
  viewers: ".online-count",
  gmv: ".gmv-total",
  orders: ".order-count",
  new_followers: ".new-fans",
};

function readNumbers() {
  const metrics = {};
  for (const [metric, selector] of Object.entries(SELECTORS)) {
    const el = document.querySelector(selector);
    const text = el && el.textContent.trim();
    if (text) metrics[metric] = text;
  }
  return metrics;
}

function send() {
  const metrics = readNumbers();
  if (Object.keys(metrics).length === 0) return;
  // GM_xmlhttpRequest is not bound by the page's CORS rules.
  GM_xmlhttpRequest({
    method: "POST",
    url: GENBO_URL,
    headers: { "Content-Type": "application/json", Authorization: "Bearer " + GENBO_TOKEN },
    data: JSON.stringify({ metrics, ts: new Date().toISOString() }),
    onload: (r) => {
      if (r.status !== 202) console.warn("Genbo refused the numbers:", r.status, r.responseText);
    },
    onerror: () => console.warn("Genbo is not listening at", GENBO_URL),
  });
}

setInterval(send, EVERY_MS);
