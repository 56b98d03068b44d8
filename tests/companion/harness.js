// The userscript manager's API, for running the companion in a plain page
// under test: storage in the page's localStorage (kept across reloads, like
// a manager's), cross-origin requests through XMLHttpRequest (Genbo's ingest
// answers CORS), the menu as callbacks the test may call.
(function () {
  const KEY = "__gm_storage";
  const all = () => JSON.parse(localStorage.getItem(KEY) || "{}");
  window.GM_getValue = (k, d) => (k in all() ? all()[k] : d);
  window.GM_setValue = (k, v) => {
    const s = all();
    s[k] = v;
    localStorage.setItem(KEY, JSON.stringify(s));
  };
  window.__gmMenu = {};
  window.GM_registerMenuCommand = (name, fn) => {
    window.__gmMenu[name] = fn;
  };
  window.__gmRequests = 0;
  window.GM_xmlhttpRequest = (d) => {
    window.__gmRequests += 1;
    const x = new XMLHttpRequest();
    x.open(d.method, d.url);
    for (const [k, v] of Object.entries(d.headers || {})) x.setRequestHeader(k, v);
    x.timeout = d.timeout || 0;
    x.onload = () => d.onload && d.onload({ status: x.status, responseText: x.responseText });
    x.onerror = () => d.onerror && d.onerror({});
    x.ontimeout = () => (d.ontimeout || d.onerror) && (d.ontimeout || d.onerror)({});
    x.send(d.data);
  };
})();
