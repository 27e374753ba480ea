#!/usr/bin/env node
// `pnpm demo`: boots both sample apps on free ports, each on its embedded fake Courier server,
// drives real HTTP requests through them, and prints what happened to each journey.
import { setTimeout as sleep } from 'node:timers/promises';

const args = new Set(process.argv.slice(2));
const real = args.has('--real');
const keep = args.has('--keep');
const hasKey = Boolean(process.env.COURIER_API_KEY);
// The commands the README uses, for hints: they work without pnpm installed.
const PNPM = 'npx -y pnpm@12.4.2';

if (args.has('--help') || args.has('-h')) {
  console.log(`Usage: ${PNPM} demo [--real] [--keep]

Boots apps/express-sample and apps/nest-sample on free ports, each on an embedded fake Courier
server, sends real HTTP requests through them (sign-ups, an order, a bad request, a Courier 503 and
a dropped connection that are retried, an order cancelled and its journey with it, a run's status
and steps looked up), and prints what happened to every journey.

  --real      with COURIER_API_KEY set: start the journeys on the real Courier API
  --keep      keep the apps and their fake Courier servers running after the demo, to look around
              in the fake's console (the printed console: URL); Ctrl-C stops them
  -h, --help  show this help

Without COURIER_API_KEY nothing leaves this machine. With it set, the demo stops and asks for --real.`);
  process.exit(0);
}
for (const arg of args) {
  if (arg !== '--real' && arg !== '--keep') {
    console.error(`Unknown option ${arg}. ${PNPM} demo --help lists the options.`);
    process.exit(2);
  }
}

if (hasKey && !real) {
  console.log(
    [
      'COURIER_API_KEY is set, so the sample apps would start journeys on the real Courier API',
      `(${process.env.COURIER_BASE_URL || 'https://api.courier.com'}) for the journeys welcome, order-placed,`,
      `password-reset and invite. Run \`${PNPM} demo --real\` if that is what you want,`,
      `or \`env -u COURIER_API_KEY ${PNPM} demo\` to use the embedded fake Courier server.`,
    ].join('\n'),
  );
  process.exit(2);
}
if (!hasKey) delete process.env.COURIER_API_KEY; // an empty value means "not set"

const { start: startExpress } = await import('../apps/express-sample/dist/app.js');
const { start: startNest } = await import('../apps/nest-sample/dist/app.js');

const quietLog = () => {};
const rows = [];

async function post(url, path, body, headers = {}) {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}

async function get(url, path) {
  const res = await fetch(`${url}${path}`);
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}

const lifecycleRows = [];
/** One call after the invoke (a cancel, a status lookup): what the app answered, in words. */
async function lifecycle(app, name, source, action) {
  const [route, scenario] = name.split(' | ');
  const [http, what] = await action();
  lifecycleRows.push({ app, route, scenario, source, http, what });
}

/** `CODE: message` of an error answer (either app's shape). */
function describeError(body) {
  const error = errorOf(body);
  return error?.code ? `${error.code}: ${error.message}` : JSON.stringify(body);
}

/** Waits until the fake server has seen `count` runs (journeys started after a response are async). */
async function settle(fake, count) {
  for (let i = 0; i < 100 && fake && fake.invocations.length < count; i++) await sleep(20);
}

/** Where each route of the sample apps is written, to read next to its row. */
const SOURCES = {
  'express POST /signup': 'apps/express-sample/src/routes.ts',
  'express POST /orders': 'apps/express-sample/src/routes.ts',
  'express POST /password-reset': 'apps/express-sample/src/routes.ts',
  'express POST /invites': 'apps/express-sample/src/routes.ts',
  'nest POST /signup': 'apps/nest-sample/src/signup/signup.controller.ts',
  'nest POST /orders': 'apps/nest-sample/src/orders/orders.controller.ts',
};

/** Sends one request through an app and records what reached (or did not reach) Courier. */
async function step(app, name, fake, action, expectJourney) {
  const runsBefore = fake ? fake.invocations.length : 0;
  const requestsBefore = fake ? fake.requests.length : 0;
  const answer = await action();
  if (expectJourney) await settle(fake, runsBefore + 1);
  else await sleep(50);
  const run = fake?.invocations[runsBefore];
  const attempts = fake ? fake.requests.slice(requestsBefore).filter((r) => !run || r.idempotencyKey === run.idempotencyKey) : [];
  const statuses = attempts.map((r) => `${r.status}${r.outcome === 'replayed' ? ' replayed' : ''}`).join(' -> ');
  const [route, scenario] = name.split(' | ');
  rows.push({
    app,
    route,
    scenario,
    source: SOURCES[`${app} ${route}`] ?? '',
    issue: run ? undefined : firstIssue(answer.body),
    http: answer.status,
    journey: run?.templateId ?? '-',
    user: run ? (run.userId ?? `(${run.request.profile?.email ?? 'profile'})`) : '-',
    runId: run?.runId ?? answer.body?.runId ?? '-',
    attempts: fake ? String(attempts.length) : '?',
    outcome: !fake
      ? answer.status < 300
        ? 'sent to Courier'
        : `rejected (${answer.status})`
      : run
        ? attempts.length > 1
          ? `started after retry (${statuses})`
          : 'started'
        : attempts.length === 0
          ? 'rejected, nothing sent'
          : `failed (${statuses})`,
  });
  return answer;
}

/** The journeykit error of an error answer: Express nests it under `error`, Nest does not. */
function errorOf(body) {
  return body?.error !== null && typeof body?.error === 'object' ? body.error : body;
}

/** The first validation issue of an answer, as `path: message` (the path is empty for the request as a whole). */
function firstIssue(body) {
  const issue = errorOf(body)?.issues?.[0];
  if (!issue) return undefined;
  const path = Array.isArray(issue.path) ? issue.path.join('.') : String(issue.path ?? '');
  return `${errorOf(body)?.code ?? 'error'} ${path ? `at ${path}` : 'for the request'}: ${issue.message}`;
}

const banner = real ? 'the real Courier API (COURIER_API_KEY)' : 'embedded fake Courier servers (no network, no account)';
console.log(`journeykit demo: two sample apps on ${banner}\n`);

const expressApp = await startExpress({ port: 0, log: quietLog });
const nestApp = await startNest({ port: 0, logger: false });
const closeApps = () => Promise.all([expressApp.close(), nestApp.close()]);
let demoFailed = true;
try {
  // The fake's console shows every journey the app starts, live (open it during the demo, or run with --keep).
  const consoleOf = (app) => (app.fakeCourier?.consoleUrl ? `\n                console: ${app.fakeCourier.consoleUrl}` : '');
  console.log(`express-sample  ${expressApp.url}  courier: ${expressApp.fakeCourier?.url ?? 'real'}${consoleOf(expressApp)}`);
  console.log(`nest-sample     ${nestApp.url}  courier: ${nestApp.fakeCourier?.url ?? 'real'}${consoleOf(nestApp)}\n`);

  // Express: the after-response helper, identify() from a header, awaited calls, the error handler.
  const ex = expressApp.fakeCourier;
  const signup = await step(
    'express',
    'POST /signup',
    ex,
    () => post(expressApp.url, '/signup', { email: 'ada@example.com', name: 'Ada Lovelace', plan: 'pro' }),
    true,
  );
  const userId = signup.body?.id ?? signup.body?.user?.id;
  const order = await step(
    'express',
    'POST /orders',
    ex,
    () => post(expressApp.url, '/orders', { items: [{ sku: 'book', quantity: 2, price_cents: 1500 }] }, { 'x-user-id': userId }),
    true,
  );
  ex?.inject({ kind: 'status', status: 503, stored: false }, { templateId: 'password-reset' });
  await step(
    'express',
    'POST /password-reset | Courier answers 503 once',
    ex,
    () => post(expressApp.url, '/password-reset', { email: 'ada@example.com' }),
    true,
  );
  await step('express', 'POST /invites | empty email', ex, () => post(expressApp.url, '/invites', { email: '' }, { 'x-user-id': userId }), false);

  // Nest: forRootAsync + ConfigModule, JourneysService, the exception filter.
  const nf = nestApp.fakeCourier;
  const nestSignup = await step('nest', 'POST /signup', nf, () => post(nestApp.url, '/signup', { email: 'grace@example.com', name: 'Grace' }), true);
  nf?.inject({ kind: 'create-then-drop' }, { templateId: 'order-placed' });
  await step(
    'nest',
    'POST /orders | connection dropped after Courier created the run',
    nf,
    () => post(nestApp.url, '/orders', { orderId: 'o-1001', userId: 'user-7', total: 42.5 }),
    true,
  );
  await step('nest', 'POST /signup | no email', nf, () => post(nestApp.url, '/signup', { name: 'Nobody' }), false);

  // After the invoke: cancel the order's journey (Express), look up a run's status and steps (Nest).
  const orderRun = ex?.invocations.find((i) => i.request.data?.order_id === order.body?.id);
  await lifecycle('express', `POST /orders/${order.body?.id}/cancel`, 'apps/express-sample/src/routes.ts', async () => {
    const answer = await post(expressApp.url, `/orders/${order.body?.id}/cancel`, {}, { 'x-user-id': userId });
    const token = answer.body?.journey?.cancelation_token;
    const status = orderRun ? ex.run(orderRun.runId)?.status : undefined;
    return [
      answer.status,
      token ? `canceled by token ${token}; run ${orderRun?.runId ?? '?'} is now ${status ?? 'unknown'}` : describeError(answer.body),
    ];
  });
  // A fresh run, to watch it move: the embedded fake moves runs PROCESSING, WAITING, PROCESSED in 0.3 s.
  const fresh = await step(
    'nest',
    'POST /signup | a run to look up below',
    nf,
    () => post(nestApp.url, '/signup', { email: 'alan@example.com', name: 'Alan' }),
    true,
  );
  const runId = fresh.body?.runId ?? nestSignup.body?.runId;
  const showRun = async () => {
    const answer = await get(nestApp.url, `/runs/${runId}`);
    const { run, steps } = answer.body ?? {};
    if (!run) return [answer.status, describeError(answer.body)];
    const sent = steps?.find((s) => s.message_id);
    return [
      answer.status,
      `${run.template_id} ${run.status}; steps: ${steps.map((s) => s.action).join(', ')}${sent ? ` (message_id ${sent.message_id})` : ''}`,
    ];
  };
  await lifecycle('nest', `GET /runs/${runId} | right after POST /signup`, 'apps/nest-sample/src/runs/runs.controller.ts', showRun);
  await sleep(real ? 2_000 : 400);
  await lifecycle('nest', `GET /runs/${runId} | ${real ? '2' : '0.4'} s later`, 'apps/nest-sample/src/runs/runs.controller.ts', showRun);
  await lifecycle('nest', 'GET /runs/1-00000000-unknown', 'apps/nest-sample/src/runs/runs.controller.ts', async () => {
    const answer = await get(nestApp.url, '/runs/1-00000000-unknown');
    return [answer.status, describeError(answer.body)];
  });
  demoFailed = false;
} finally {
  if (demoFailed || !keep) await closeApps();
}

// One row per request, two lines each, under 120 columns: what happened, then the details.
const columns = ['app', 'route', 'http', 'journey', 'user', 'outcome'];
const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
const line = (cells) =>
  cells
    .map((cell, i) => String(cell).padEnd(widths[i]))
    .join('  ')
    .trimEnd();
const wrap = (text, width, indent) => {
  const out = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current && (current + ' ' + word).length > width) {
      out.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) out.push(current);
  return out.map((l, i) => (i === 0 ? l : `${indent}${l}`)).join('\n');
};
console.log(line(columns));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of rows) {
  console.log(line(columns.map((c) => row[c])));
  const sourceWidth = Math.max(...rows.map((r) => r.source.length));
  const details = [
    row.source.padEnd(sourceWidth),
    row.runId !== '-' ? `runId ${row.runId}` : '',
    row.attempts === '?' ? '' : `${row.attempts} attempt${row.attempts === '1' ? '' : 's'}`,
  ].filter(Boolean);
  console.log(`  ${details.join('  ')}`);
  if (row.scenario) console.log(`  scenario: ${row.scenario}`);
  if (row.issue) console.log(`  ${wrap(`${row.issue}`, 116, '    ')}`);
}
console.log(
  '\nuser: the user the journey is for, as Courier resolves it (user_id, then the profile and data ids);\n' +
    '(grace@example.com) in parentheses: no user id was given, so Courier sends to that contact in the profile.',
);

console.log('\nAfter the invoke: cancel a journey, look up a run (journey lifecycle)');
for (const row of lifecycleRows) {
  console.log(`${row.app.padEnd(7)}  ${row.route}${row.scenario ? `  (${row.scenario})` : ''}  -> ${row.http}`);
  console.log(`  ${wrap(row.what, 116, '    ')}`);
  console.log(`  ${row.source}`);
}

const fakes = [expressApp.fakeCourier, nestApp.fakeCourier].filter(Boolean);
const duplicates = fakes.reduce((n, f) => n + f.invocations.length - new Set(f.invocations.map((i) => i.idempotencyKey)).size, 0);
const runs = rows.filter((r) => r.runId !== '-').length;
const retried = rows.filter((r) => r.outcome.startsWith('started after retry')).length;
const rejected = rows.filter((r) => r.outcome.startsWith('rejected')).length;
console.log(
  `\n${runs} journeys started, ${retried} of them after a retry with the same idempotency key;\n` +
    `${fakes.length ? `${duplicates} duplicate runs` : 'duplicates not observable on the real API'}; ` +
    `${rejected} bad requests stopped before anything was sent.`,
);
if (duplicates > 0) process.exitCode = 1;

// Durable delivery: @journeykit/outbox on an embedded database (scripts/demo-outbox.mjs).
console.log('\nOutbox (@journeykit/outbox on PGlite, no database to install):');
const { runOutboxDemo } = await import('./demo-outbox.mjs');
for (const outboxLine of await runOutboxDemo()) console.log(outboxLine);
console.log('');

console.log(`Next: \`${PNPM} test\` runs every test; packages/*/README.md show each package;\n\`${PNPM} demo --help\` explains this demo.`);

if (keep) {
  const consoles = [expressApp.fakeCourier?.consoleUrl, nestApp.fakeCourier?.consoleUrl].filter(Boolean);
  console.log(`\nStill running (--keep). The fake's consoles: ${consoles.join('  ') || 'none (real Courier)'}\nCtrl-C stops.`);
  await new Promise((resolve) => process.once('SIGINT', resolve));
  await closeApps();
}
