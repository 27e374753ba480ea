/**
 * The console's pages, rendered on the server: runs (live), one run, the request log, the journeys.
 * Every value goes through `esc`; rows are rendered by the same functions for the first page load
 * and for the live updates, so both look alike.
 */
import { apiInvokeTrigger, type JourneyRun } from '@journeykit/core';
import type { FakeCourierRequest } from '../server/fake-courier.js';
import { describeMismatch, type FakeInvocation } from '../model/invocation.js';
import type { FakeJourneyDefinition } from '../model/journey-definitions.js';
import type { ConsoleBackend } from './backend.js';
import { consolePath, esc, page, pretty, time } from './html.js';
import { keyStats, shownHeaders, type JournalEntry, type KeyStats, type RequestJournal } from './request-journal.js';

/** Statuses offered by the filter and the set-status action (courier-node JourneyRun.status). */
const RUN_STATUSES = ['PROCESSING', 'WAITING', 'THROTTLED', 'PROCESSED', 'CANCELED', 'ERROR', 'NOT PROCESSED'] as const;
/** Most runs on the runs page and requests on the request page (newest first). */
export const MAX_ROWS = 500;

const OUTCOME_WORDS: Record<string, string> = {
  created: 'created: a new run',
  answered: 'answered',
  replayed: 'replayed: the first result for this Idempotency-Key',
  conflict: 'conflict: the key’s first request was still executing',
  rejected: 'rejected',
  injected: 'injected fault',
};

/** Who the run is for, in words. */
function userOf(invocation: FakeInvocation): string {
  if (invocation.userId !== undefined) return invocation.userId;
  const email = (invocation.request.profile as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? `(${email})` : '(contact info)';
}

/** One row of the runs table; its data attributes are what the live filter reads. */
export function runRow(invocation: FakeInvocation, run: JourneyRun | undefined, stats: KeyStats | undefined): string {
  const status = run?.status ?? 'forgotten';
  const user = userOf(invocation);
  return (
    `<tr data-run-id="${esc(invocation.runId)}" data-journey="${esc(invocation.templateId)}" data-user="${esc(user)}" data-status="${esc(status)}">` +
    `<td>${time(invocation.at)}</td>` +
    `<td>${esc(invocation.templateId)}</td>` +
    `<td>${esc(user)}</td>` +
    `<td><span class="status s-${esc(status.toLowerCase().replace(/\s+/g, '-'))}">${esc(status)}</span></td>` +
    `<td class="num">${stats?.attempts ?? 1}</td>` +
    `<td class="num">${stats?.replays ?? 0}</td>` +
    `<td><a href="${consolePath('runs', invocation.runId)}">${esc(invocation.runId)}</a></td>` +
    '</tr>'
  );
}

/** The filters of the runs page, from its query string. */
export interface RunFilter {
  journey: string;
  user: string;
  status: string;
}

export function runFilter(query: URLSearchParams): RunFilter {
  return { journey: query.get('journey')?.trim() ?? '', user: query.get('user')?.trim() ?? '', status: query.get('status')?.trim() ?? '' };
}

export function matches(filter: RunFilter, invocation: FakeInvocation, status: string): boolean {
  return (
    (filter.journey === '' || invocation.templateId === filter.journey) &&
    (filter.user === '' || userOf(invocation) === filter.user) &&
    (filter.status === '' || status === filter.status)
  );
}

function options(values: readonly string[], selected: string): string {
  return values.map((v) => `<option value="${esc(v)}"${v === selected ? ' selected' : ''}>${esc(v)}</option>`).join('');
}

export function runsPage(backend: ConsoleBackend, filter: RunFilter): string {
  const stats = keyStats(backend.requests());
  const rows: string[] = [];
  const journeys = new Set<string>(backend.definitions.map((d) => d.id));
  const invocations = backend.invocations();
  for (let i = invocations.length - 1; i >= 0; i--) {
    const invocation = invocations[i] as FakeInvocation;
    journeys.add(invocation.templateId);
    if (rows.length >= MAX_ROWS) continue;
    const run = backend.run(invocation.runId);
    if (!matches(filter, invocation, run?.status ?? 'forgotten')) continue;
    rows.push(runRow(invocation, run, invocation.idempotencyKey === undefined ? undefined : stats.get(invocation.idempotencyKey)));
  }
  const main = `<h1>Runs</h1>
<form id="filters" class="bar" method="get" action="${consolePath('')}" role="search" aria-label="Filter runs">
<div class="field"><label for="filter-journey">Journey</label><input id="filter-journey" name="journey" list="journey-ids" value="${esc(filter.journey)}" autocomplete="off"></div>
<datalist id="journey-ids">${[...journeys].map((j) => `<option value="${esc(j)}"></option>`).join('')}</datalist>
<div class="field"><label for="filter-user">User</label><input id="filter-user" name="user" value="${esc(filter.user)}" autocomplete="off"></div>
<div class="field"><label for="filter-status">Status</label><select id="filter-status" name="status"><option value="">any</option>${options(RUN_STATUSES, filter.status)}</select></div>
<button type="submit">Filter</button> <a href="${consolePath('')}">Show all</a>
</form>
<table class="grid">
<caption>Runs, newest first${filter.journey || filter.user || filter.status ? ' (filtered)' : ''}: live, no reload needed</caption>
<thead><tr><th scope="col">Time</th><th scope="col">Journey</th><th scope="col">User</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Replays</th><th scope="col">Run</th></tr></thead>
<tbody id="runs-body">${rows.join('\n')}</tbody>
</table>
<p class="empty" id="runs-skipped" role="status" hidden></p>
<p class="empty" id="runs-empty"${rows.length === 0 ? '' : ' hidden'}>No runs yet. Invoke a journey (see <a href="${consolePath('journeys')}">Journeys</a> for a snippet).</p>
<div class="panels">
<section aria-labelledby="fault-h" class="panel">
<h2 id="fault-h">Inject a fault</h2>
<form data-action action="${consolePath('api', 'faults')}" class="stack">
<div class="field"><label for="fault-journey">Journey (template ID; empty: any)</label><input id="fault-journey" name="templateId" list="journey-ids" autocomplete="off"></div>
<div class="field"><label for="fault-kind">Fault</label><select id="fault-kind" name="kind"><option value="status">answer a status</option><option value="drop">drop the connection</option><option value="stall">stall (never answer)</option></select></div>
<div class="field"><label for="fault-status">Status</label><input id="fault-status" name="status" type="number" min="200" max="599" value="503"></div>
<div class="field"><label for="fault-retry">Retry-After (seconds; optional)</label><input id="fault-retry" name="retryAfter" type="number" min="0"></div>
<div class="field"><label for="fault-times">For the next N invokes</label><input id="fault-times" name="times" type="number" min="1" value="1" required></div>
<button type="submit">Inject fault</button>
<output role="status" aria-live="polite"></output>
</form>
</section>
<section aria-labelledby="reset-h" class="panel">
<h2 id="reset-h">Start over</h2>
<p>Forgets runs, requests, idempotency keys and faults.</p>
<form data-action action="${consolePath('api', 'reset')}"><button type="submit" class="danger">Clear everything</button><output role="status" aria-live="polite"></output></form>
</section>
</div>`;
  return page('Runs', 'runs', main);
}

function table(caption: string, head: readonly string[], rows: readonly string[], empty: string): string {
  if (rows.length === 0) return `<p class="empty">${esc(empty)}</p>`;
  return `<table class="grid"><caption>${esc(caption)}</caption><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Why a request was answered as it was: the note, else the message of an error answer. */
function why(entry: JournalEntry): string {
  if (entry.note !== undefined) return entry.note;
  if (entry.answer === undefined) return '';
  try {
    const message = (JSON.parse(entry.answer) as { message?: unknown }).message;
    return typeof message === 'string' ? message : '';
  } catch {
    return entry.answer.slice(0, 200);
  }
}

function outcomeCell(entry: JournalEntry): string {
  const { outcome, fault } = entry.request;
  const words = outcome === 'injected' || fault !== undefined ? `injected fault: ${fault ?? '?'}` : (OUTCOME_WORDS[outcome] ?? outcome);
  return `<span class="outcome o-${esc(outcome)}">${esc(words)}</span>`;
}

/** One row of the request log. */
export function requestRow(entry: JournalEntry): string {
  const r = entry.request;
  return (
    '<tr>' +
    `<td>${time(r.at)}</td>` +
    `<td><code>${esc(r.method)} ${esc(r.path)}</code></td>` +
    `<td class="num">${esc(r.status)}</td>` +
    `<td>${outcomeCell(entry)}</td>` +
    `<td>${r.idempotencyKey === undefined ? '' : `<code>${esc(r.idempotencyKey)}</code>`}</td>` +
    `<td>${r.runId === undefined ? '' : `<a href="${consolePath('runs', r.runId)}">${esc(r.runId)}</a>`}</td>` +
    `<td>${esc(why(entry))}</td>` +
    '</tr>'
  );
}

export function requestsPage(backend: ConsoleBackend, journal: RequestJournal): string {
  const requests = backend.requests();
  const rows: string[] = [];
  for (let i = requests.length - 1; i >= 0 && rows.length < MAX_ROWS; i--) rows.push(requestRow(journal.entry(requests[i] as FakeCourierRequest)));
  const main = `<h1>Requests</h1>
<p>Every request the fake received, newest first, with what it answered and why (the why is kept for requests that arrive while a console page is open). Headers and bodies are on each run’s page; <code>Authorization</code> is never shown.</p>
<table class="grid">
<caption>Request log: live, no reload needed</caption>
<thead><tr><th scope="col">Time</th><th scope="col">Request</th><th scope="col">Answer</th><th scope="col">Outcome</th><th scope="col">Idempotency-Key</th><th scope="col">Run</th><th scope="col">Why</th></tr></thead>
<tbody id="requests-body">${rows.join('\n')}</tbody>
</table>`;
  return page('Requests', 'requests', main);
}

/** The trigger node of a journey definition, if its nodes name one. */
function triggerOf(definition: FakeJourneyDefinition | undefined): Record<string, unknown> | undefined {
  return definition?.nodes.find(
    (n): n is Record<string, unknown> => typeof n === 'object' && n !== null && (n as { type?: unknown }).type === 'trigger',
  );
}

/** What the trigger schema made of this run's `data`: the verdict the fake reached at invoke time. */
function verdictSection(backend: ConsoleBackend, invocation: FakeInvocation): string {
  const id = invocation.templateId;
  const published = backend.published(id);
  const schema = published === undefined ? undefined : apiInvokeTrigger(published.nodes)?.schema;
  const shown = schema === undefined ? '' : `<pre aria-label="Trigger schema">${esc(JSON.stringify(schema, null, 2))}</pre>`;
  const mismatch = invocation.triggerSchemaMismatch;
  let verdict: string;
  if (mismatch !== undefined) {
    const problems = mismatch.problems.map((p) => `<li>${esc(p)}</li>`).join('');
    verdict = `<p class="verdict failed" id="schema-verdict">Failed: ${esc(describeMismatch(id, mismatch))}</p><ul aria-label="Schema problems">${problems}</ul><p>As in Courier, the invoke got its runId and the run ended in ERROR at its trigger step.</p>`;
  } else if (backend.definitions.length === 0)
    verdict =
      '<p class="verdict" id="schema-verdict">Not checked: this fake has no journey definitions (the <code>journeyDefinitions</code> option, <code>--journey-definitions</code>).</p>';
  else if (!backend.definitions.some((d) => d.id === id))
    verdict = `<p class="verdict" id="schema-verdict">Not checked: this fake has no definition for <code>${esc(id)}</code>.</p>`;
  else if (published === undefined)
    verdict = `<p class="verdict" id="schema-verdict">Not checked: <code>${esc(id)}</code> has no published version.</p>`;
  else if (schema === undefined)
    verdict = `<p class="verdict passed" id="schema-verdict">Passed: the trigger of <code>${esc(id)}</code> (${esc(published.version)}) has no schema, so any <code>data</code> is accepted.</p>`;
  else
    verdict = `<p class="verdict passed" id="schema-verdict">Passed: <code>data</code> matched the trigger schema of <code>${esc(id)}</code> (${esc(published.version)}).</p>`;
  return `<section aria-labelledby="verdict-h"><h2 id="verdict-h">Trigger schema</h2>${verdict}${shown}</section>`;
}

export function runPage(backend: ConsoleBackend, journal: RequestJournal, runId: string): string | undefined {
  const invocation = backend.invocations().find((i) => i.runId === runId);
  if (invocation === undefined) return undefined;
  const run = backend.run(runId);
  const steps = backend.runSteps(runId) ?? [];
  const key = invocation.idempotencyKey;
  const related = backend
    .requests()
    .filter((r) => r.endpoint === 'invoke' && (key === undefined ? r.runId === runId : r.idempotencyKey === key))
    .map((r) => journal.entry(r));
  const first = related.find((e) => e.request.outcome === 'created') ?? related[0];
  const status = run?.status ?? 'forgotten';
  const attempts = related.map((e, i) => {
    const r = e.request;
    const kind = r.outcome === 'replayed' ? 'replay' : r.fault !== undefined ? `attempt, injected fault: ${r.fault}` : 'attempt';
    return `<tr class="${r.outcome === 'replayed' ? 'replay' : r.fault !== undefined ? 'fault' : ''}"><td class="num">${i + 1}</td><td>${time(r.at)}</td><td>${esc(kind)}</td><td class="num">${esc(r.status)}</td><td>${outcomeCell(e)}</td></tr>`;
  });
  const headers = first === undefined ? [] : shownHeaders(first).map(([n, v]) => `<tr><th scope="row">${esc(n)}</th><td>${esc(v)}</td></tr>`);
  const stepRows = steps.map(
    (s) =>
      `<tr><td>${time(s.created_at)}</td><td>${time(s.updated_at)}</td><td>${esc(s.action)}</td><td>${esc(s.status)}</td><td><code>${esc(s.node_id)}</code></td><td>${s.message_id === undefined ? '' : `<code>${esc(s.message_id)}</code>`}</td></tr>`,
  );
  const body =
    first?.body !== undefined && first.kept
      ? `<pre aria-label="Request body">${esc(pretty(first.body.toString('utf8')))}</pre>${first.truncated ? '<p>(cut at 64 KiB)</p>' : ''}`
      : `<pre aria-label="Request body">${esc(JSON.stringify(invocation.request, null, 2))}</pre><p>(the body as the fake recorded it, re-serialised: headers and the raw body are kept for requests that arrive while a console page is open)</p>`;
  const main = `<div data-run-page="${esc(runId)}" data-key="${esc(key ?? '')}">
<p><a href="${consolePath('')}">← All runs</a></p>
<h1>Run <code>${esc(runId)}</code></h1>
<dl class="facts">
<dt>Journey</dt><dd>${esc(invocation.templateId)}</dd>
<dt>User</dt><dd>${esc(userOf(invocation))}</dd>
<dt>Status</dt><dd><span class="status s-${esc(status.toLowerCase().replace(/\s+/g, '-'))}" id="run-status">${esc(status)}</span></dd>
<dt>Created</dt><dd>${time(invocation.at)}</dd>
<dt>Updated</dt><dd>${run === undefined ? '' : time(run.updated_at)}</dd>
<dt>Cancelation token</dt><dd>${invocation.cancelationToken === undefined ? 'none' : `<code>${esc(invocation.cancelationToken)}</code>`}</dd>
</dl>
<section aria-labelledby="act-h" class="panel">
<h2 id="act-h">Actions</h2>
<form data-action action="${consolePath('api', 'runs', runId, 'status')}" class="bar">
<div class="field"><label for="new-status">New status</label><select id="new-status" name="status">${options(RUN_STATUSES, 'PROCESSED')}</select></div>
<button type="submit">Set status</button>
<output role="status" aria-live="polite"></output>
</form>
<form data-action action="${consolePath('api', 'runs', runId, 'cancel')}" class="bar"><button type="submit" class="danger">Cancel run</button><output role="status" aria-live="polite"></output></form>
</section>
<h2>Request as received</h2>
<p><code>${esc(first?.request.method ?? 'POST')} ${esc(first?.request.path ?? `/journeys/${encodeURIComponent(invocation.templateId)}/invoke`)}</code></p>
${table('Headers (Authorization and cookies are never shown)', ['Header', 'Value'], headers, 'Headers are kept for requests that arrive while a console page is open; this one arrived before.')}
<h3>Body</h3>
${body}
<h2>Idempotency-Key ${key === undefined ? '(none sent)' : `<code>${esc(key)}</code>`}</h2>
${table('Every attempt and replay under this key, oldest first', ['#', 'Time', 'Kind', 'Answer', 'Outcome'], attempts, 'No requests kept for this key.')}
<h2>Status timeline and steps</h2>
${table('Steps, oldest first: the last one carries the run’s status', ['Started', 'Updated', 'Action', 'Status', 'Node', 'Message'], stepRows, 'No steps yet.')}
${verdictSection(backend, invocation)}
</div>`;
  return page(`Run ${runId}`, 'runs', main);
}

/** Copy-paste snippets to invoke a journey on this server. */
function snippets(url: string, templateId: string): string {
  const path = `/journeys/${encodeURIComponent(templateId)}/invoke`;
  const curl = `curl -X POST '${url}${path}' \\
  -H "Authorization: Bearer $COURIER_API_KEY" \\
  -H 'Content-Type: application/json' \\
  -H "Idempotency-Key: $(uuidgen)" \\
  -d '{"user_id":"user-1","data":{}}'`;
  const client = `import { JourneysClient } from '@journeykit/core';

const client = new JourneysClient({ apiKey: process.env.COURIER_API_KEY, baseUrl: '${url}' });
await client.invoke(${JSON.stringify(templateId)}, { user_id: 'user-1', data: {} });`;
  return `<h3>curl</h3><pre>${esc(curl)}</pre><h3>JourneysClient</h3><pre>${esc(client)}</pre>`;
}

export function journeysPage(backend: ConsoleBackend): string {
  const defined = backend.definitions.map((d) => {
    const trigger = triggerOf(d);
    const schema = trigger?.schema ?? trigger?.data_schema;
    return `<section class="panel" aria-labelledby="j-${esc(d.id)}">
<h2 id="j-${esc(d.id)}">${esc(d.name)} <code>${esc(d.id)}</code></h2>
<p>State ${esc(d.state ?? 'PUBLISHED')}, ${d.enabled === false ? 'disabled' : 'enabled'}, ${d.nodes.length} nodes${d.versions === undefined ? '' : `, ${d.versions.length} versions`}.</p>
<h3>Trigger schema</h3>
${schema === undefined ? '<p>None: any <code>data</code> is accepted.</p>' : `<pre>${esc(JSON.stringify(schema, null, 2))}</pre>`}
${snippets(backend.url(), d.id)}
</section>`;
  });
  const known = new Set(backend.definitions.map((d) => d.id));
  const seen = [...new Set(backend.invocations().map((i) => i.templateId))].filter((id) => !known.has(id));
  const undefinedOnes = seen.map(
    (id) =>
      `<section class="panel" aria-labelledby="j-${esc(id)}"><h2 id="j-${esc(id)}"><code>${esc(id)}</code></h2>${snippets(backend.url(), id)}</section>`,
  );
  const main = `<h1>Journeys</h1>
${defined.length === 0 ? '<p>This fake has no journey definitions (the <code>journeyDefinitions</code> option, <code>--journey-definitions</code>); it accepts invokes of any template.</p>' : defined.join('\n')}
${undefinedOnes.length === 0 ? '' : `<h2>Invoked here without a definition</h2>${undefinedOnes.join('\n')}`}
${defined.length + undefinedOnes.length === 0 ? snippets(backend.url(), 'welcome') : ''}`;
  return page('Journeys', 'journeys', main);
}

/** The page for a wrong or missing token: says where the right link is, never what the token is. */
export function tokenPage(): string {
  return page(
    'Token needed',
    undefined,
    '<h1>This console needs its token</h1><p>The fake Courier listens beyond loopback, so its console is behind a token. Open the console URL printed when the server started (it ends in <code>?token=…</code>).</p>',
    false,
  );
}
