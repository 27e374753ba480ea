#!/usr/bin/env node
// `pnpm demo`: boots both sample apps on free ports, each on its embedded fake Courier server,
// drives real HTTP requests through them, and prints what happened to each journey.
import { setTimeout as sleep } from 'node:timers/promises';

const args = new Set(process.argv.slice(2));
const real = args.has('--real');
const hasKey = Boolean(process.env.COURIER_API_KEY);

if (hasKey && !real) {
  console.log(
    [
      'COURIER_API_KEY is set, so the sample apps would start journeys on the real Courier API',
      `(${process.env.COURIER_BASE_URL || 'https://api.courier.com'}) for the journeys welcome, order-placed,`,
      'password-reset and invite. Run `pnpm demo --real` if that is what you want,',
      'or `env -u COURIER_API_KEY pnpm demo` to use the embedded fake Courier server.',
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

/** Waits until the fake server has seen `count` runs (journeys started after a response are async). */
async function settle(fake, count) {
  for (let i = 0; i < 100 && fake && fake.invocations.length < count; i++) await sleep(20);
}

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
  rows.push({
    app,
    route: name,
    http: answer.status,
    journey: run?.templateId ?? '-',
    user: run ? run.userId ?? `(${run.request.profile?.email ?? 'profile'})` : '-',
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
          ? `rejected before sending: ${describeError(answer.body)}`
          : `failed (${statuses})`,
  });
  return answer;
}

function describeError(body) {
  const error = body?.error !== null && typeof body?.error === 'object' ? body.error : body;
  const issue = error?.issues?.[0];
  const where = issue?.path?.length ? issue.path.join('.') : '';
  return `${error?.code ?? 'error'}${where ? ` at ${where}` : ''}`;
}

const banner = real ? 'the real Courier API (COURIER_API_KEY)' : 'embedded fake Courier servers (no network, no account)';
console.log(`journeykit demo: two sample apps on ${banner}\n`);

const expressApp = await startExpress({ port: 0, log: quietLog });
const nestApp = await startNest({ port: 0, logger: false });
try {
  console.log(`express-sample  ${expressApp.url}  courier: ${expressApp.fakeCourier?.url ?? 'real'}`);
  console.log(`nest-sample     ${nestApp.url}  courier: ${nestApp.fakeCourier?.url ?? 'real'}\n`);

  // Express: the after-response helper, identify() from a header, awaited calls, the error handler.
  const ex = expressApp.fakeCourier;
  const signup = await step('express', 'POST /signup', ex, () =>
    post(expressApp.url, '/signup', { email: 'ada@example.com', name: 'Ada Lovelace', plan: 'pro' }), true);
  const userId = signup.body?.id ?? signup.body?.user?.id;
  await step('express', 'POST /orders', ex, () =>
    post(expressApp.url, '/orders', { items: [{ sku: 'book', quantity: 2, price_cents: 1500 }] }, { 'x-user-id': userId }), true);
  ex?.inject({ kind: 'status', status: 503, stored: false }, { templateId: 'password-reset' });
  await step('express', 'POST /password-reset (Courier 503 once)', ex, () =>
    post(expressApp.url, '/password-reset', { email: 'ada@example.com' }), true);
  await step('express', 'POST /invites (empty email)', ex, () =>
    post(expressApp.url, '/invites', { email: '' }, { 'x-user-id': userId }), false);

  // Nest: forRootAsync + ConfigModule, JourneysService, the exception filter.
  const nf = nestApp.fakeCourier;
  await step('nest', 'POST /signup', nf, () => post(nestApp.url, '/signup', { email: 'grace@example.com', name: 'Grace' }), true);
  nf?.inject({ kind: 'create-then-drop' }, { templateId: 'order-placed' });
  await step('nest', 'POST /orders (connection dropped after the run was created)', nf, () =>
    post(nestApp.url, '/orders', { orderId: 'o-1001', userId: 'user-7', total: 42.5 }), true);
  await step('nest', 'POST /signup (no email)', nf, () => post(nestApp.url, '/signup', { name: 'Nobody' }), false);
} finally {
  await Promise.all([expressApp.close(), nestApp.close()]);
}

const columns = ['app', 'route', 'http', 'journey', 'user', 'runId', 'attempts', 'outcome'];
const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
const line = (cells) => cells.map((cell, i) => String(cell).padEnd(widths[i])).join('  ').trimEnd();
console.log(line(columns));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of rows) console.log(line(columns.map((c) => row[c])));

const fakes = [expressApp.fakeCourier, nestApp.fakeCourier].filter(Boolean);
const duplicates = fakes.reduce((n, f) => n + f.invocations.length - new Set(f.invocations.map((i) => i.idempotencyKey)).size, 0);
const runs = rows.filter((r) => r.runId !== '-').length;
const retried = rows.filter((r) => r.outcome.startsWith('started after retry')).length;
const rejected = rows.filter((r) => r.outcome.startsWith('rejected')).length;
console.log(
  `\n${runs} journeys started, ${retried} of them after a retry with the same idempotency key; ` +
    `${fakes.length ? `${duplicates} duplicate runs` : 'duplicates not observable on the real API'}; ` +
    `${rejected} bad requests stopped before anything was sent.`,
);
if (duplicates > 0) process.exitCode = 1;

// Durable delivery: @journeykit/outbox on an embedded database (scripts/demo-outbox.mjs).
console.log('\nOutbox (@journeykit/outbox on PGlite, no database to install):');
const { runOutboxDemo } = await import('./demo-outbox.mjs');
for (const outboxLine of await runOutboxDemo()) console.log(outboxLine);
console.log('');

console.log('Next: `pnpm test` runs every test; packages/*/README.md show each package.');
