// `pnpm check:long-horizon`: the outbox's promises over days, on a simulated clock (pg-boss's own
// TestClock drives pg-boss and `job_now()` in PostgreSQL; the outbox and the fake Courier read the
// same clock), so it takes seconds. Invocations are enqueued in transactions (some rolled back);
// then the workers are away for 3 days while pg-boss's maintenance runs; a worker comes back; two
// days later the dead letters that can be fixed are replayed (one whose run did start but whose
// answer was lost, one whose journey was published meanwhile); then the rest of the dead letters
// age 30 days through maintenance; on day 35 a first worker comes for a second queue, past its keys'
// lifetime (never sent, so they must be delivered once, not dead-lettered). At the end every committed
// invocation must have started exactly once or be listed as a dead letter, and no rolled-back one may
// have been sent. Prints a report;
// exits 1 on any violation. `--json` adds the report as one JSON line at the end.
import { parseArgs } from 'node:util';
import { JourneysClient } from '@journeykit/core';
import { JourneysOutbox } from '@journeykit/outbox';
import { FakeJourneysClient, startFakeCourier } from '@journeykit/testkit';
import pg from 'pg';
import { CLOCK_OVERRIDE_SETTING, PgBoss, TestClock } from 'pg-boss';
import { scriptArgs } from './cli-options.mjs';
import { postgres } from './postgres.mjs';

const { values } = parseArgs({
  args: scriptArgs(),
  options: {
    invocations: { type: 'string', default: '400' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (values.help) {
  console.log(`Usage: pnpm check:long-horizon [--invocations N] [--json]
Simulated days: enqueue N (default 400; 10% rolled back), workers away 3 days with pg-boss maintenance,
a worker back, replays 2 days later, dead letters aged 30 days, a late queue's first worker on day 35. PostgreSQL: JOURNEYKIT_TEST_DATABASE_URL
or DATABASE_URL, else one is started with .ci/postgres.sh (and stopped at the end). Exits 1 on any violation.`);
  process.exit(0);
}
const invocations = Number(values.invocations);
if (!Number.isInteger(invocations) || invocations < 10) throw new Error('--invocations must be a whole number >= 10');

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const API_KEY = 'long-horizon-key';
const realStart = Date.now();

const KINDS = /** @type {const} */ ([
  'rollback',
  'retired',
  'lost-answer',
  'unpublished',
  'welcome',
  'welcome',
  'welcome',
  'welcome',
  'welcome',
  'welcome',
]);
/**
 * What each invocation is meant to become: `welcome` starts once; `lost-answer` starts at its first
 * attempt but every answer is lost until the replay (which must get Courier's stored answer, not a
 * second run); `unpublished` is refused (404) until the journey is published, then replayed with a
 * new key; `retired` is refused for good and must stay a dead letter; `rollback` is never committed.
 * @param {number} i
 */
function kindOf(i) {
  return KINDS[i % KINDS.length] ?? 'welcome';
}

const { url: databaseUrl, stop: stopPostgres } = postgres('long-horizon');
const schema = `long_horizon_${Date.now().toString(36)}`;
const clock = new TestClock();
const t0 = clock.now();
const simulated = () => `day ${((clock.now() - t0) / DAY).toFixed(2)}`;
/** @param {string} line */
const log = (line) => console.log(`[${simulated()}] ${line}`);

const server = await startFakeCourier({ apiKey: API_KEY, clock, maxRecords: Number.MAX_SAFE_INTEGER, maxIdempotencyKeys: Number.MAX_SAFE_INTEGER });
const notFound = { kind: /** @type {const} */ ('status'), status: 404, body: { message: 'Journey not found', type: 'not_found' } };
server.inject(notFound, { templateId: 'retired', times: Infinity });
const unpublished = server.inject(notFound, { templateId: 'unpublished', times: Infinity });
const lostAnswers = server.inject({ kind: 'create-then-drop' }, { templateId: 'lost-answer', times: Infinity });

// The app's own connections read the simulated time too (pg-boss's statements in its transactions call job_now()).
const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, options: `-c ${CLOCK_OVERRIDE_SETTING}=on` });
/** @param {number} max */
const boss = (max) => new PgBoss({ connectionString: databaseUrl, schema, clock, supervise: false, schedule: false, max });
const webBoss = boss(4);
// The web process: enqueues only.
const web = new JourneysOutbox({ boss: webBoss, client: new FakeJourneysClient(), clock });
await web.start();

/** Lets simulated time pass in steps (pg-boss's polls and retries fire), with a little real time for HTTP. */
async function driveUntil(/** @type {string} */ what, /** @type {() => Promise<boolean> | boolean} */ done, realTimeoutMs = 120_000) {
  const deadline = Date.now() + realTimeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting (real ${realTimeoutMs / 1000} s) for ${what}`);
    await clock.tick(1_000);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
const queued = async () =>
  (await pool.query(`SELECT count(*)::int AS n FROM ${schema}.job WHERE name = $1 AND state < 'active'`, [web.queue])).rows[0].n;
const allDeadLetters = async () => {
  const letters = [];
  for (let after; ; ) {
    const page = await web.listDeadLetters({ limit: 1000, ...(after ? { after } : {}) });
    letters.push(...page);
    if (page.length < 1000) return letters;
    after = page.at(-1)?.id;
  }
};
/** Runs started per invocation (its key, or a key derived from it by a replay). */
const runsOf = (/** @type {number} */ i) =>
  server.invocations.filter((r) => r.idempotencyKey === `lh-${i}` || r.idempotencyKey?.startsWith(`lh-${i}:`)).length;

// --- day 0: enqueue in transactions ---------------------------------------------------------------
await pool.query(`CREATE TABLE ${schema}.orders (id int PRIMARY KEY)`);
let committed = 0;
for (let i = 0; i < invocations; i++) {
  const kind = kindOf(i);
  const tx = await pool.connect();
  try {
    await tx.query('BEGIN');
    await tx.query(`INSERT INTO ${schema}.orders (id) VALUES ($1)`, [i]);
    const templateId = kind === 'rollback' ? 'welcome' : String(kind);
    await web.enqueue(templateId, { user_id: `lh-${i}`, data: { order_id: i } }, { db: tx, idempotencyKey: `lh-${i}` });
    await tx.query(kind === 'rollback' ? 'ROLLBACK' : 'COMMIT');
    if (kind !== 'rollback') committed++;
  } finally {
    tx.release();
  }
}
log(`enqueued ${invocations} in transactions: ${committed} committed, ${invocations - committed} rolled back; no worker is running`);
// A queue whose workers stay away 35 days, longer than the horizon + replay window (its keys' lifetime):
// never sent, its invocations must still be delivered once when a worker comes, not dead-lettered.
const LATE = 5;
const lateWeb = new JourneysOutbox({ boss: webBoss, client: new FakeJourneysClient(), clock, queue: 'journeykit-invoke-late', stopBoss: false });
await lateWeb.start();
for (let i = 0; i < LATE; i++) await lateWeb.enqueue('welcome', { user_id: `late-${i}` }, { idempotencyKey: `late-${i}` });

// --- days 0-3: the workers are away; maintenance runs (any started pg-boss runs it) --------------
await clock.setTime(t0 + 3 * DAY);
await webBoss.supervise();
const queuedAfterOutage = await queued();
log(`3 days later, after pg-boss maintenance: ${queuedAfterOutage} of ${committed} still queued`);

// --- day 3: a worker is back ------------------------------------------------------------------------
const workerClient = new JourneysClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 0, timeoutMs: 5_000 });
const worker = new JourneysOutbox({ boss: boss(6), client: workerClient, clock, hooks: { onError: () => undefined } });
await worker.start();
await worker.work({ concurrency: 8, pollIntervalMs: 500 });
const expectedDead = Array.from({ length: invocations }, (_, i) => kindOf(i)).filter(
  (k) => k === 'retired' || k === 'unpublished' || k === 'lost-answer',
).length;
await driveUntil(
  'the backlog to be delivered or dead-lettered',
  async () => (await queued()) === 0 && (await allDeadLetters()).length >= expectedDead,
);
await driveUntil(
  'the deliveries in flight to settle',
  async () => (await pool.query(`SELECT count(*)::int AS n FROM ${schema}.job WHERE name = $1 AND state = 'active'`, [web.queue])).rows[0].n === 0,
);
const firstLetters = await allDeadLetters();
log(
  `a worker is back: ${server.invocations.length} runs started, ${firstLetters.length} dead letters (${[...new Set(firstLetters.map((l) => l.reason))].join(', ')})`,
);

// --- day 5: the fixable dead letters are replayed -----------------------------------------------------
await clock.setTime(clock.now() + 2 * DAY);
lostAnswers.cancel(); // Courier answers again: a replay with the old key gets the stored answer
unpublished.cancel(); // the journey is published: a replay with a new key starts it
const fixable = firstLetters.filter((l) => l.templateId === 'lost-answer' || l.templateId === 'unpublished');
const replayed = await web.replayDeadLetters({ ids: fixable.map((l) => l.id) });
await driveUntil(
  'the replays to be delivered',
  async () => (await queued()) === 0 && fixable.every((l) => runsOf(Number(String(l.userId).slice(3))) > 0),
);
await driveUntil(
  'the replays in flight to settle',
  async () => (await pool.query(`SELECT count(*)::int AS n FROM ${schema}.job WHERE name = $1 AND state = 'active'`, [web.queue])).rows[0].n === 0,
);
log(`2 days later: replayed ${replayed} of ${fixable.length} fixable dead letters`);

// --- day 35: the remaining dead letters are 30 days old; maintenance runs again ---------------------
await clock.setTime(clock.now() + 30 * DAY);
await webBoss.supervise();
const letters = await allDeadLetters();
log(`30 days later, after pg-boss maintenance: ${letters.length} dead letters listed`);

// --- day 35: the late queue's first worker, past its keys' lifetime ---------------------------------
const lateWorker = new JourneysOutbox({ boss: boss(2), client: workerClient, clock, queue: lateWeb.queue, hooks: { onError: () => undefined } });
await lateWorker.start();
await lateWorker.work({ concurrency: 2, pollIntervalMs: 500 });
const lateRuns = (/** @type {number} */ i) => server.invocations.filter((r) => r.idempotencyKey === `late-${i}`).length;
const lateDeadLetters = async () => (await lateWeb.listDeadLetters()).length;
await driveUntil(
  'the late queue to be delivered or dead-lettered',
  async () => Array.from({ length: LATE }, (_, i) => lateRuns(i)).every((n) => n > 0) || (await lateDeadLetters()) > 0,
);
await clock.tick(5_000);
const lateStartedOnce = Array.from({ length: LATE }, (_, i) => lateRuns(i)).filter((n) => n === 1).length;
const lateLetters = await lateDeadLetters();
log(`a first worker for the late queue (keys' lifetime over, never sent): ${lateStartedOnce} of ${LATE} started once, ${lateLetters} dead letters`);

// --- the account ------------------------------------------------------------------------------------
const listed = new Map(letters.map((l) => [String(l.userId), l]));
const requestedKeys = new Set(server.requests.map((r) => String(r.idempotencyKey)));
/** @type {string[]} */
const violations = [];
const tally = { startedOnce: 0, deadLetters: 0, lost: 0, duplicates: 0, rolledBackSent: 0, refusedStarted: 0, replayedStartedTwice: 0 };
for (let i = 0; i < invocations; i++) {
  const kind = kindOf(i);
  const runs = runsOf(i);
  const letter = listed.get(`lh-${i}`);
  if (kind === 'rollback') {
    if (requestedKeys.has(`lh-${i}`)) tally.rolledBackSent++, violations.push(`lh-${i}: rolled back, yet sent to Courier`);
    continue;
  }
  if (runs > 1) tally.duplicates++, violations.push(`lh-${i} (${kind}): ${runs} runs`);
  if (runs === 0 && letter === undefined) tally.lost++, violations.push(`lh-${i} (${kind}): committed, never started, not a dead letter`);
  if (runs === 1 && letter === undefined) tally.startedOnce++;
  if (runs === 0 && letter !== undefined) tally.deadLetters++;
  if (kind === 'retired' && runs > 0) tally.refusedStarted++, violations.push(`lh-${i}: refused for good, yet started`);
  if (kind !== 'retired' && letter !== undefined) violations.push(`lh-${i} (${kind}): still a dead letter (${letter.reason}) after its replay`);
  if (kind === 'retired' && letter === undefined && runs === 0) violations.push(`lh-${i}: refused for good, but no dead letter lists it`);
}
if (lateStartedOnce !== LATE) violations.push(`late queue: ${LATE - lateStartedOnce} of ${LATE} not started exactly once`);
if (lateLetters > 0) violations.push(`late queue: ${lateLetters} dead letters for invocations never sent`);
const report = {
  invocations,
  committed,
  queuedAfterOutage,
  runs: server.invocations.length,
  deadLettersAfter3Days: firstLetters.length,
  replayed,
  deadLettersAfter30Days: letters.length,
  ...tally,
  lateStartedOnce,
  lateDeadLetters: lateLetters,
  violations: violations.length,
  realSeconds: Number(((Date.now() - realStart) / 1000).toFixed(1)),
};

await worker.stop();
await lateWorker.stop();
await workerClient.close();
await lateWeb.stop();
await web.stop();
await server.close();
await pool.query(`DROP SCHEMA ${schema} CASCADE`);
await pool.end();
stopPostgres();

const row = (/** @type {string} */ label, /** @type {unknown} */ value) => console.log(`  ${label.padEnd(64)} ${value}`);
console.log(`\ncheck:long-horizon report (35 simulated days in ${report.realSeconds} s)`);
row('invocations enqueued / committed', `${invocations} / ${committed}`);
row('still queued after 3 days without workers + maintenance', `${queuedAfterOutage} / ${committed}`);
row('dead letters once a worker was back (day 3)', firstLetters.length);
row('replayed on day 5 (answer lost; journey published)', `${replayed} / ${fixable.length}`);
row(
  'dead letters listed at day 35 (30 days old, after maintenance)',
  `${letters.length} (all refused for good: ${letters.every((l) => l.templateId === 'retired')})`,
);
row('committed: started exactly once', tally.startedOnce);
row('committed: listed as a dead letter, not started', tally.deadLetters);
row('committed: missing (neither)', tally.lost);
row('committed: started more than once', tally.duplicates);
row('rolled back, yet sent', tally.rolledBackSent);
row('late queue (first worker on day 35, keys expired unsent): started once', `${lateStartedOnce} / ${LATE}`);
row('late queue: dead letters', lateLetters);
for (const v of violations.slice(0, 20)) console.log(`  VIOLATION ${v}`);
if (violations.length > 20) console.log(`  ... and ${violations.length - 20} more`);
const ok = violations.length === 0 && queuedAfterOutage === committed && tally.startedOnce + tally.deadLetters === committed;
console.log(ok ? '\nRESULT: PASS' : '\nRESULT: FAIL');
if (values.json) console.log(JSON.stringify({ ...report, ok }));
process.exit(ok ? 0 : 1);
