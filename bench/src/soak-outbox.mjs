// `pnpm soak:outbox`: the outbox under fire. Invocations are enqueued inside PostgreSQL
// transactions (a share of them rolled back) while worker processes deliver them to the fake
// Courier; one worker is killed with SIGKILL every few seconds and restarted; the fake Courier
// fails a share of requests and is unreachable for a while in the middle. Then it checks that
// every committed invocation started exactly once, no rolled-back one was ever sent, and the dead
// letters are exactly the invocations that were made to fail for good. Bounded in time; exits 1
// when any check fails (or, with --ci, when the time limit cut it short).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { seededRandom } from '@journeykit/test-support/random';
import { FakeJourneysClient } from '@journeykit/testkit';
import { JourneysOutbox } from '@journeykit/outbox';
import pg from 'pg';
import { postgres } from './postgres.mjs';
import { PgBoss } from 'pg-boss';
import { scriptArgs } from './cli-options.mjs';

const { values } = parseArgs({
  args: scriptArgs(),
  options: {
    invokes: { type: 'string', default: '20000' },
    'rollback-rate': { type: 'string', default: '0.1' },
    'refused-rate': { type: 'string', default: '0.01' },
    'fault-rate': { type: 'string', default: '0.15' },
    workers: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '16' },
    'kill-every': { type: 'string', default: '4' },
    outage: { type: 'string', default: '30' },
    'time-limit': { type: 'string', default: '900' },
    seed: { type: 'string', default: '1' },
    ci: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (values.help) {
  console.log(`Usage: pnpm soak:outbox [--invokes N] [--rollback-rate 0-1] [--refused-rate 0-1] [--fault-rate 0-1]
                        [--workers N] [--concurrency N] [--kill-every SECONDS] [--outage SECONDS]
                        [--time-limit SECONDS] [--seed N] [--ci]
Defaults: 20000 invocations, 10% rolled back, 1% refused by Courier (404: dead letters), 15% of requests
faulted, 3 worker processes x 16 deliveries, one SIGKILLed every 4 s, Courier unreachable for 30 s once a
quarter of the runs exist, limit 900 s. PostgreSQL: JOURNEYKIT_TEST_DATABASE_URL or DATABASE_URL, else
one is started with .ci/postgres.sh (and stopped at the end).`);
  process.exit(0);
}
const num = (/** @type {string} */ name) => {
  const v = Number(values[/** @type {keyof typeof values} */ (name)]);
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} must be a number >= 0`);
  return v;
};
const invokes = num('invokes');
const rollbackRate = num('rollback-rate');
const refusedRate = num('refused-rate');
const faultRate = num('fault-rate');
const workerCount = num('workers');
const concurrency = num('concurrency');
const killEveryMs = num('kill-every') * 1000;
const outageMs = num('outage') * 1000;
const timeLimitMs = num('time-limit') * 1000;
const seed = num('seed');

// --- PostgreSQL -----------------------------------------------------------------------------
const { url: databaseUrl, stop: stopPostgres } = postgres('soak');
const schema = `soak_${Date.now().toString(36)}`;

// --- a reproducible plan: which invocations roll back, which Courier refuses ----------------
const random = seededRandom(seed >>> 0 || 1);
/** @type {{ rollback: boolean, refused: boolean }[]} */
const plan = Array.from({ length: invokes }, () => ({ rollback: random() < rollbackRate, refused: random() < refusedRate }));
const planOf = (/** @type {number} */ i) => /** @type {{ rollback: boolean, refused: boolean }} */ (plan[i]);

// --- processes ----------------------------------------------------------------------------------
const here = (/** @type {string} */ file) => fileURLToPath(new URL(file, import.meta.url));
const server = fork(here('./outbox-soak-server.mjs'), [JSON.stringify({ rate: faultRate, seed })], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
/** @type {{ url: string }} */
const ready = await new Promise((resolve, reject) => {
  server.once('message', resolve);
  server.once('exit', (code) => reject(new Error(`soak server exited early (${code})`)));
});
/** @param {any} message @param {string} type */
const ask = (message, type) =>
  new Promise((resolve) => {
    /** @param {any} m */
    const on = (m) => {
      if (m?.type !== type) return;
      server.off('message', on);
      resolve(m);
    };
    server.on('message', on);
    server.send(message);
  });

const pool = new pg.Pool({ connectionString: databaseUrl, max: 12 });
await pool.query(`CREATE SCHEMA ${schema}`);
await pool.query(`CREATE TABLE ${schema}.orders (id int PRIMARY KEY)`);
// The web process: enqueues only (FakeJourneysClient: it never delivers).
const producer = new JourneysOutbox({
  boss: new PgBoss({ connectionString: databaseUrl, schema, max: 4, schedule: false, supervise: false }),
  client: new FakeJourneysClient(),
});
await producer.start();

let kills = 0;
let restarts = 0;
/** @type {import('node:child_process').ChildProcess[]} */
const workers = [];
function startWorker() {
  const child = fork(
    here('./outbox-soak-worker.mjs'),
    [JSON.stringify({ databaseUrl, schema, courierUrl: ready.url, concurrency, fastSupervise: true })],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  child.on('error', () => undefined);
  return child;
}
for (let i = 0; i < workerCount; i++) workers.push(startWorker());

const started = Date.now();
const elapsed = () => ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `soak:outbox: ${invokes} invocations in transactions (${Math.round(rollbackRate * 100)}% rolled back, ${Math.round(refusedRate * 100)}% refused by Courier), ` +
    `${workerCount} workers x ${concurrency}, one SIGKILLed every ${killEveryMs / 1000} s, ${Math.round(faultRate * 100)}% of requests faulted, ` +
    `Courier down ${outageMs / 1000} s once a quarter of the runs exist; limit ${timeLimitMs / 1000} s; PostgreSQL schema ${schema}`,
);

let next = 0;
let committed = 0;
let rolledBack = 0;
let enqueueFailures = 0;
async function produce() {
  while (next < invokes) {
    const i = next++;
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO ${schema}.orders (id) VALUES ($1)`, [i]);
      await producer.enqueue(
        planOf(i).refused ? 'retired-journey' : 'order-confirmation',
        { user_id: `soak-${i}`, data: { order_id: i } },
        { db: client, idempotencyKey: `soak-${i}` },
      );
      if (planOf(i).rollback) {
        await client.query('ROLLBACK');
        rolledBack++;
      } else {
        await client.query('COMMIT');
        committed++;
      }
    } catch (error) {
      enqueueFailures++;
      await client.query('ROLLBACK').catch(() => undefined);
      planOf(i).rollback = true; // not committed: must never be sent
      console.error(`enqueue ${i} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      client.release();
    }
  }
}
const producing = Promise.all(Array.from({ length: 16 }, produce)).then(() =>
  console.log(`[${elapsed()} s] enqueued: ${committed} committed, ${rolledBack} rolled back`),
);

const expectedRuns = plan.filter((p) => !p.rollback && !p.refused).length;
const expectedDead = plan.filter((p) => !p.rollback && p.refused).length;
let killer = setInterval(() => {
  const index = kills % workers.length;
  workers[index]?.kill('SIGKILL');
  kills++;
  workers[index] = startWorker();
  restarts++;
}, killEveryMs);

let outage = 'pending';
let outageStartedAt = 0;
/** @type {{ runs: number, requests: number }} */
let progress = { runs: 0, requests: 0 };
let deadLetters = 0;
for (;;) {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  progress = /** @type {any} */ (await ask({ type: 'progress' }, 'progress'));
  deadLetters = (await pool.query(`SELECT count(*)::int AS n FROM ${schema}.job WHERE name = $1`, [producer.deadLetterQueue])).rows[0].n;
  if (outage === 'pending' && progress.runs >= expectedRuns / 4) {
    outage = 'on';
    outageStartedAt = Date.now();
    server.send({ type: 'down' });
    console.log(`[${elapsed()} s] Courier DOWN (${progress.runs} runs so far)`);
  } else if (outage === 'on' && Date.now() - outageStartedAt >= outageMs) {
    outage = 'over';
    server.send({ type: 'up' });
    console.log(`[${elapsed()} s] Courier UP again`);
  }
  if (Number(elapsed()) % 10 < 1)
    console.log(
      `[${elapsed()} s] runs ${progress.runs}/${expectedRuns}, dead letters ${deadLetters}/${expectedDead}, requests ${progress.requests}, kills ${kills}`,
    );
  const done = next >= invokes && progress.runs >= expectedRuns && deadLetters >= expectedDead && outage !== 'on';
  if (done || Date.now() - started > timeLimitMs) break;
}
await producing;
clearInterval(killer);
// Let the workers settle (no kills now), then stop them cleanly.
await new Promise((resolve) => setTimeout(resolve, 3000));
for (const w of workers) w.kill('SIGTERM');
await Promise.all(workers.map((w) => (w.exitCode !== null || w.signalCode !== null ? undefined : new Promise((resolve) => w.once('exit', resolve)))));
const finishedMs = Date.now() - started;

/** @type {{ runsByKey: Record<string, number>, requestedKeys: string[], requests: number, faults: Record<string, number> }} */
const report = /** @type {any} */ (await ask({ type: 'report' }, 'report'));
const letters = [];
for (let after; ; ) {
  const page = await producer.listDeadLetters({ limit: 1000, ...(after ? { after } : {}) });
  letters.push(...page);
  if (page.length < 1000) break;
  after = page.at(-1)?.id;
}
const jobStates = (
  await pool.query(`SELECT state, count(*)::int AS n FROM ${schema}.job WHERE name = $1 GROUP BY state ORDER BY state`, [producer.queue])
).rows;
await producer.stop();
await pool.query(`DROP SCHEMA ${schema} CASCADE`);
await pool.end();
stopPostgres();

let duplicates = 0;
let lost = 0;
let rolledBackSent = 0;
let refusedRun = 0;
const requested = new Set(report.requestedKeys);
for (let i = 0; i < invokes; i++) {
  const runs = report.runsByKey[`soak-${i}`] ?? 0;
  if (planOf(i).rollback) {
    if (requested.has(`soak-${i}`)) rolledBackSent++;
  } else if (planOf(i).refused) {
    if (runs > 0) refusedRun++;
  } else if (runs === 0) lost++;
  else if (runs > 1) duplicates += runs - 1;
}
const deadUsers = new Set(letters.map((l) => l.userId));
const wrongDead = letters.filter(
  (l) => !plan[Number(String(l.userId).slice(5))]?.refused || l.reason !== 'permanent' || l.error.status !== 404,
).length;
const missingDead = plan.filter((p, i) => !p.rollback && p.refused && !deadUsers.has(`soak-${i}`)).length;
const timedOut = finishedMs > timeLimitMs;

const row = (/** @type {string} */ label, /** @type {unknown} */ value) => console.log(`  ${label.padEnd(44)} ${value}`);
console.log(`\nsoak:outbox report (${(finishedMs / 1000).toFixed(1)} s${timedOut ? ', TIME LIMIT REACHED' : ''})`);
row('invocations attempted', invokes);
row(
  'committed / rolled back',
  `${committed} / ${rolledBack}${enqueueFailures ? ` (+${enqueueFailures} enqueue failures, counted as not committed)` : ''}`,
);
row('committed meant to run / meant to be refused', `${expectedRuns} / ${expectedDead}`);
row('worker processes SIGKILLed (and restarted)', `${kills} (${restarts})`);
row('Courier outage', outage === 'over' ? `${outageMs / 1000} s, from ${((outageStartedAt - started) / 1000).toFixed(1)} s` : outage);
row('HTTP requests to Courier', report.requests);
row(
  'faults injected by the fake Courier',
  Object.entries(report.faults)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || 'none',
);
row(
  'journeys started (runs)',
  Object.values(report.runsByKey).reduce((a, b) => a + b, 0),
);
row('committed invocations started exactly once', `${expectedRuns - lost - duplicates >= 0 ? expectedRuns - lost : 0} / ${expectedRuns}`);
row('duplicate runs', duplicates);
row('lost (committed, never started)', lost);
row('rolled-back invocations sent to Courier', rolledBackSent);
row('refused invocations that started anyway', refusedRun);
row('dead letters (all 404, all refused ones)', `${letters.length} (wrong ${wrongDead}, missing ${missingDead})`);
row('jobs by state', jobStates.map((r) => `${r.state} ${r.n}`).join(', '));
row('delivery throughput (runs/s over the whole soak)', (expectedRuns / (finishedMs / 1000)).toFixed(0));
const ok = duplicates === 0 && lost === 0 && rolledBackSent === 0 && refusedRun === 0 && wrongDead === 0 && missingDead === 0;
console.log(ok ? '\nRESULT: PASS' : '\nRESULT: FAIL');
process.exit(ok && !(values.ci && timedOut) ? 0 : 1);
