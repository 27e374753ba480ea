/**
 * The console's stylesheet and script, served as they are written here (no build step). The
 * script is plain ES2017 for any current browser: live updates from the event stream, and the
 * action forms sent as JSON. It is kept in a string so the package ships no extra files.
 */

import { MAX_ROWS } from './views.js';

/** Colours pass WCAG AA contrast (4.5:1 or more) on their backgrounds. */
export const CONSOLE_CSS = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #4b5563; --bg: #fff; --line: #d0d7de; --accent: #0b57d0; --panel: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; z-index: 2; }
.top { display: flex; gap: 24px; align-items: center; padding: 8px 16px; background: #0f172a; color: #f8fafc; }
.top a { color: #e2e8f0; text-decoration: none; padding: 4px 8px; border-radius: 4px; }
.top a[aria-current="page"] { background: #334155; color: #fff; font-weight: 600; }
.brand { font-weight: 700; } .brand span { font-weight: 400; color: #cbd5e1; }
.live { margin-left: auto; font-size: 12px; color: #fde68a; } .live.on { color: #86efac; }
main { padding: 8px 16px 32px; }
h1 { font-size: 20px; margin: 8px 0; } h2 { font-size: 16px; margin: 20px 0 6px; } h3 { font-size: 14px; margin: 12px 0 4px; }
.bar { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: end; margin: 8px 0; }
.stack { display: grid; gap: 6px; max-width: 360px; }
.field { display: inline-flex; flex-direction: column; gap: 2px; } label { font-size: 12px; color: var(--muted); }
input, select, button { font: inherit; color: var(--fg); padding: 4px 6px; border: 1px solid #8c959f; border-radius: 4px; background: #fff; }
button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
button.danger { background: #b42318; border-color: #b42318; }
output { font-size: 12px; color: var(--muted); }
table.grid { border-collapse: collapse; width: 100%; margin: 6px 0; }
caption { text-align: left; color: var(--muted); font-size: 12px; padding: 2px 0; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.fault td { background: #fff4e5; } tr.replay td { background: #eef6ff; }
code, pre { font: 12px/1.4 ui-monospace, monospace; }
pre { background: var(--panel); border: 1px solid var(--line); padding: 8px; overflow: auto; max-height: 420px; }
.status { padding: 1px 6px; border-radius: 10px; background: #e5e7eb; font-size: 12px; white-space: nowrap; }
.s-processed { background: #d1fae5; } .s-canceled, .s-error, .s-not-processed { background: #fee2e2; } .s-waiting, .s-throttled { background: #fef3c7; }
.o-injected, .o-rejected, .o-conflict { color: #b42318; } .o-replayed { color: #0b57d0; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; } .facts dt { color: var(--muted); } .facts dd { margin: 0; }
.panels { display: flex; flex-wrap: wrap; gap: 16px; } .panel { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 4px 12px 12px; margin: 12px 0; }
.empty { color: var(--muted); }
`;

export const CONSOLE_JS = `
(function () {
  'use strict';
  var prefix = document.body.getAttribute('data-prefix');
  var live = document.getElementById('live');

  function fragment(html, tag) {
    var holder = document.createElement(tag);
    holder.innerHTML = html;
    return holder.firstElementChild;
  }
  // What this page shows, so the server sends only that: the runs its filters pass, the request
  // log, or word that the one run shown changed.
  function view() {
    var runPage = document.querySelector('[data-run-page]');
    if (runPage) {
      return 'view=run&runId=' + encodeURIComponent(runPage.getAttribute('data-run-page')) +
        '&key=' + encodeURIComponent(runPage.getAttribute('data-key') || '');
    }
    if (document.getElementById('requests-body')) return 'view=requests';
    if (document.getElementById('runs-body')) return 'view=runs' + (location.search ? '&' + location.search.slice(1) : '');
    return 'view=none';
  }
  var MAX_ROWS = ${MAX_ROWS};
  var skipped = 0;
  // One batch of changes: runs (a row without html leaves the page), request rows, or a reload.
  function onBatch(data) {
    var body = document.getElementById('runs-body');
    if (body && data.runs) {
      data.runs.forEach(function (change) {
        var old = body.querySelector('tr[data-run-id="' + CSS.escape(change.runId) + '"]');
        if (!change.row) { if (old) old.remove(); return; }
        var row = fragment(change.row, 'tbody');
        if (old) old.replaceWith(row);
        else body.insertBefore(row, body.firstElementChild);
      });
      // The page lists the newest rows, as a reload would; runs that came too fast are counted.
      while (body.rows.length > MAX_ROWS) body.deleteRow(-1);
      var empty = document.getElementById('runs-empty');
      if (empty) empty.hidden = body.rows.length > 0;
      skipped += data.skipped || 0;
      var note = document.getElementById('runs-skipped');
      if (note && skipped > 0) {
        note.hidden = false;
        note.textContent = skipped + ' more run(s) arrived faster than this page lists them; reload to see the newest.';
      }
    }
    var log = document.getElementById('requests-body');
    if (log && data.requests) data.requests.forEach(function (row) { log.insertBefore(fragment(row, 'tbody'), log.firstElementChild); });
    if (data.reload) refresh();
  }
  // Re-renders the page's main part in place (a run's page when that run changes).
  var refreshing = null;
  var again = false;
  function refresh() {
    if (refreshing) { again = true; return; }
    refreshing = fetch(location.href, { headers: { accept: 'text/html' }, credentials: 'same-origin' })
      .then(function (res) { return res.text(); })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, 'text/html').getElementById('main');
        var main = document.getElementById('main');
        if (next && main) main.innerHTML = next.innerHTML;
      })
      .finally(function () { refreshing = null; if (again) { again = false; refresh(); } });
  }
  function connect() {
    if (!window.EventSource) return;
    var events = new EventSource(prefix + '/events?' + view());
    events.onopen = function () { live.textContent = 'Live'; live.className = 'live on'; };
    events.onerror = function () { live.textContent = 'Reconnecting…'; live.className = 'live'; };
    events.addEventListener('batch', function (e) { onBatch(JSON.parse(e.data)); });
    events.addEventListener('reset', function () { location.reload(); });
  }
  // The action forms: their fields as JSON, the answer's message next to the button.
  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (!form.hasAttribute('data-action')) return;
    e.preventDefault();
    var body = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.value === '') return;
      body[el.name] = el.type === 'number' ? Number(el.value) : el.value;
    });
    var out = form.querySelector('output');
    if (out) out.textContent = 'Sending…';
    fetch(form.getAttribute('action'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(body)
    })
      .then(function (res) { return res.json().then(function (json) { return { ok: res.ok, json: json }; }); })
      .then(function (answer) { if (out) out.textContent = (answer.ok ? 'Done: ' : 'Refused: ') + answer.json.message; })
      .catch(function (err) { if (out) out.textContent = 'Failed: ' + err; });
  });
  connect();
})();
`;
