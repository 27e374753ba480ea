// `pnpm bench:outbox`: what the outbox costs and how fast it delivers, on a real PostgreSQL server
// (JOURNEYKIT_TEST_DATABASE_URL or DATABASE_URL when set, else one started with .ci/postgres.sh).
//  1. enqueue cost: the same transaction (BEGIN; INSERT an order; COMMIT) with and without
//     outbox.enqueue() in it, alternating, one connection: median and p99 of each, and the difference.
//  2. delivery throughput: N invocations stored, then one worker process delivers them to the fake
//     Courier (a separate process), `--rounds` times (median, and the worker's CPU per delivery);
//     then three worker processes once; beside it, JourneysClient.invoke() inline at the same total
//     concurrency against the same server.
// Writes its section into BENCHMARKS.md (between the outbox-bench markers), bench/results/outbox.md
// and its rows of the Targets table to bench/results/targets-outbox.json (`--no-write`: print only).
// About 1-2 minutes with the defaults.
import { fork } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { JourneysClient } from '@journeykit/core';
import { JourneysOutbox } from '@journeykit/outbox';
import { FakeJourneysClient } from '@journeykit/testkit';
import pg from 'pg';
import { postgres } from './postgres.mjs';
import { PgBoss } from 'pg-boss';
import { scriptArgs } from './cli-options.mjs';
import { ask, startCourierProcess, storeInvocations } from './outbox-processes.mjs';

const { values } = parseArgs({
  args: scriptArgs(),
  options: {
    transactions: { type: 'string', default: '2000' },
    deliveries: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '16' },
    write: { type: 'boolean', default: true },
  },
  allowNegative: true,
  strict: true,
});
const transactions = Number(values.transactions);
const deliveries = Number(values.deliveries);
const concurrency = Number(values.concurrency);
const rounds = Number(values.rounds);

const { url: databaseUrl, stop: stopPostgres } = postgres('bench');
const loadNow = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');
const load = loadNow();
const here = (/** @type {string} */ file) => fileURLToPath(new URL(file, import.meta.url));
const pct = (/** @type {number[]} */ sorted, /** @type {number} */ p) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const ms = (/** @type {number} */ n) => `${n.toFixed(2)} ms`;

// --- 1. enqueue cost ----------------------------------------------------------------------------
const schema = `bench_${Date.now().toString(36)}`;
const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
const fsync = (await pool.query('SHOW fsync')).rows[0]?.fsync ?? 'unknown';
await pool.query(`CREATE SCHEMA ${schema}`);
await pool.query(`CREATE TABLE ${schema}.orders (id int PRIMARY KEY, total int)`);
const outbox = new JourneysOutbox({
  boss: new PgBoss({ connectionString: databaseUrl, schema, max: 4, schedule: false, supervise: false }),
  client: new FakeJourneysClient(),
});
await outbox.start();
const tx = await pool.connect();
/** @type {{ plain: number[], outbox: number[] }} */
const samples = { plain: [], outbox: [] };
let id = 0;
async function transaction(/** @type {boolean} */ withOutbox) {
  const started = performance.now();
  await tx.query('BEGIN');
  const order = id++;
  await tx.query(`INSERT INTO ${schema}.orders (id, total) VALUES ($1, $2)`, [order, 42]);
  if (withOutbox) await outbox.enqueue('order-confirmation', { user_id: `u${order}`, data: { order_id: order } }, { db: tx });
  await tx.query('COMMIT');
  return performance.now() - started;
}
for (let i = 0; i < 200; i++) await transaction(i % 2 === 0); // warm-up
for (let i = 0; i < transactions; i++) {
  samples.plain.push(await transaction(false));
  samples.outbox.push(await transaction(true));
}
tx.release();
const plain = [...samples.plain].sort((a, b) => a - b);
const withOutbox = [...samples.outbox].sort((a, b) => a - b);
/** @type {{ name: string, p50: number, p99: number }[]} */
const enqueueRows = [
  { name: 'transaction without enqueue', p50: pct(plain, 50), p99: pct(plain, 99) },
  { name: 'the same transaction with enqueue', p50: pct(withOutbox, 50), p99: pct(withOutbox, 99) },
  { name: 'added by enqueue', p50: pct(withOutbox, 50) - pct(plain, 50), p99: pct(withOutbox, 99) - pct(plain, 99) },
];
console.log('enqueue cost:', enqueueRows.map((r) => `${r.name}: p50 ${ms(r.p50)}, p99 ${ms(r.p99)}`).join('; '));
const loadAfterEnqueue = loadNow();
await outbox.stop();
await pool.query(`DROP SCHEMA ${schema} CASCADE`);

// --- 2. delivery throughput ---------------------------------------------------------------------
const { server, url: courierUrl, runs } = await startCourierProcess();
/** The CPU time a worker process has used so far (user + system, µs). */
const cpuOf = async (/** @type {import('node:child_process').ChildProcess} */ w) => /** @type {number} */ ((await ask(w, 'cpu')).micros);

/** @returns {Promise<{ rate: number, cpuMicrosPerDelivery: number }>} */
async function outboxThroughput(/** @type {number} */ workerCount) {
  const s = `bench_w${workerCount}_${Date.now().toString(36)}`;
  const producer = new JourneysOutbox({
    boss: new PgBoss({ connectionString: databaseUrl, schema: s, max: 4, schedule: false, supervise: false }),
    client: new FakeJourneysClient(),
  });
  await producer.start();
  await storeInvocations(producer, deliveries);
  const before = await runs();
  const workers = Array.from({ length: workerCount }, () =>
    fork(here('./outbox-soak-worker.mjs'), [JSON.stringify({ databaseUrl, schema: s, courierUrl, concurrency })], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  await Promise.all(
    workers.map(
      (w) =>
        new Promise((resolve, reject) => {
          w.once('message', resolve);
          w.once('exit', (code) => reject(new Error(`a worker process exited before it was ready (${code})`)));
        }),
    ),
  );
  const started = performance.now();
  const cpuBefore = /** @type {number[]} */ (await Promise.all(workers.map(cpuOf)));
  while ((await runs()) - before < deliveries) await new Promise((resolve) => setTimeout(resolve, 20));
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = /** @type {number[]} */ (await Promise.all(workers.map(cpuOf)));
  for (const w of workers) w.kill('SIGTERM');
  await Promise.all(workers.map((w) => new Promise((resolve) => w.once('exit', resolve))));
  await producer.stop();
  const cleanup = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  await cleanup.query(`DROP SCHEMA ${s} CASCADE`);
  await cleanup.end();
  const cpu = cpuAfter.reduce((sum, c, i) => sum + c - /** @type {number} */ (cpuBefore[i]), 0);
  return { rate: deliveries / seconds, cpuMicrosPerDelivery: cpu / deliveries };
}

async function inlineThroughput(/** @type {number} */ inFlight) {
  const client = new JourneysClient({ apiKey: 'soak-key', baseUrl: courierUrl });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < deliveries) {
        const i = next++;
        await client.invoke('order-confirmation', { user_id: `inline-${i}` });
      }
    }),
  );
  const rate = deliveries / ((performance.now() - started) / 1000);
  await client.close();
  return rate;
}

/** @type {{ rate: number, cpuMicrosPerDelivery: number }[]} */
const oneWorker = [];
for (let round = 0; round < rounds; round++) {
  oneWorker.push(await outboxThroughput(1));
  console.log(
    `1 worker process, round ${round + 1}: ${Math.round(oneWorker.at(-1)?.rate ?? 0)}/s, ${Math.round(oneWorker.at(-1)?.cpuMicrosPerDelivery ?? 0)} µs CPU per delivery (load ${loadNow()})`,
  );
}
const median = (/** @type {number[]} */ xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
};
const oneRate = median(oneWorker.map((r) => r.rate));
const oneCpu = median(oneWorker.map((r) => r.cpuMicrosPerDelivery));
const three = await outboxThroughput(3);
/** @type {[string, number, number | undefined][]} */
const delivery = [
  [`outbox, 1 worker process x ${concurrency} (median of ${rounds})`, oneRate, oneCpu],
  [`outbox, 3 worker processes x ${concurrency}`, three.rate, three.cpuMicrosPerDelivery],
  [`invoke() inline, ${concurrency} in flight`, await inlineThroughput(concurrency), undefined],
  [`invoke() inline, ${concurrency * 3} in flight`, await inlineThroughput(concurrency * 3), undefined],
];
const loadEnd = loadNow();
console.log('delivery:', delivery.map((r) => `${r[0]}: ${Math.round(r[1])}/s`).join('; '));
server.send({ type: 'report' });
await new Promise((resolve) => server.once('exit', resolve));
await pool.end();
stopPostgres();

const int = (/** @type {number} */ n) => Math.round(n).toLocaleString('en-US');
const addedMedian = /** @type {number} */ (enqueueRows[2]?.p50);
const targets = {
  section: 'outbox',
  node: process.version,
  loadStart: load,
  loadEnd,
  rows: [
    { target: 'one worker process delivers', limit: '>= 1,000/s', measured: `${int(oneRate)}/s`, met: oneRate >= 1000 },
    { target: 'enqueue adds to a transaction (median)', limit: '<= 1 ms', measured: ms(addedMedian), met: addedMedian <= 1 },
  ],
};

const markdown = [
  '<!-- outbox-bench -->',
  '## Outbox (`pnpm bench:outbox`)',
  '',
  `Generated by \`pnpm bench:outbox\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} cores, Node ${process.version}, PostgreSQL on the same machine (fsync ${fsync}), the fake Courier in its own process. Load average: ${load} at the start, ${loadAfterEnqueue} after the enqueue part, ${loadEnd} at the end (the machine is shared).`,
  '',
  '| target | limit | measured | met |',
  '|---|---:|---:|:---:|',
  ...targets.rows.map((r) => `| ${r.target} | ${r.limit} | ${r.measured} | ${r.met ? 'yes' : '**no**'} |`),
  '',
  `Enqueue cost: ${transactions} transactions of each kind, alternating, on one connection (\`BEGIN; INSERT an order; [enqueue;] COMMIT\`); \`db\` is the \`pg\` client, so the insert is a prepared statement (\`preparedStatements\`).`,
  '',
  '| | median | p99 |',
  '|---|---:|---:|',
  ...enqueueRows.map((r) => `| ${r.name} | ${ms(r.p50)} | ${ms(r.p99)} |`),
  '',
  `Delivery throughput: ${deliveries} stored invocations delivered to the fake Courier (no faults); each worker process runs ${concurrency} deliveries at a time (one batch of ${concurrency}: \`batchSize\` defaults to \`concurrency\`, at most 16). One worker process: ${rounds} rounds, median (rounds: ${oneWorker.map((r) => int(r.rate)).join(', ')}/s). CPU per delivery is the worker processes' own (user + system), the figure least moved by the load. Inline \`invoke()\` is the same client without the outbox.`,
  '',
  '| | journeys started per second | worker CPU µs per delivery |',
  '|---|---:|---:|',
  ...delivery.map(([name, rate, cpu]) => `| ${name} | ${int(rate)} | ${cpu === undefined ? '' : int(cpu)} |`),
  '',
  `The outbox trades throughput for durability: each batch also claims, completes and deletes its job rows in PostgreSQL (three statements per batch, whatever its size). On this ${os.cpus().length}-core machine the worker processes, PostgreSQL and the fake Courier share the same cores, and each worker process adds its own pg-boss loops, heartbeats and connections: here three delivered ${three.rate > oneRate ? 'more' : 'less'} than one (${(three.rate / oneRate).toFixed(2)}x). More worker processes are for more cores or hosts, and for availability (a killed worker's jobs are taken over); within one process, raise \`concurrency\`.`,
  '<!-- /outbox-bench -->',
].join('\n');
if (values.write) {
  mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('../results/outbox.md', import.meta.url), `${markdown}\n`);
  writeFileSync(new URL('../results/targets-outbox.json', import.meta.url), `${JSON.stringify(targets, null, 2)}\n`);
  const file = new URL('../../BENCHMARKS.md', import.meta.url);
  const current = readFileSync(file, 'utf8');
  const block = /<!-- outbox-bench -->[\s\S]*<!-- \/outbox-bench -->\n?/;
  writeFileSync(file, block.test(current) ? current.replace(block, `${markdown}\n`) : `${current.trimEnd()}\n\n${markdown}\n`);
}
console.log(`\n${markdown}`);
console.log(`\n${JSON.stringify(targets)}`);
