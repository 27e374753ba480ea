// `pnpm bench:outbox`: what the outbox costs and how fast it delivers, on a real PostgreSQL server.
//  1. enqueue cost: the same transaction (BEGIN; INSERT an order; COMMIT) with and without
//     outbox.enqueue() in it, alternating, one connection: median and p99 of each, and the difference.
//  2. delivery throughput: N invocations stored, then 1 and 3 worker processes deliver them to the
//     fake Courier (a separate process); beside it, JourneysClient.invoke() inline at the same total
//     concurrency against the same server.
// Writes its section into BENCHMARKS.md (between the outbox-bench markers) and bench/results/outbox.md.
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

const { values } = parseArgs({
  args: scriptArgs(),
  options: {
    transactions: { type: 'string', default: '2000' },
    deliveries: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '16' },
    write: { type: 'boolean', default: true },
  },
  strict: true,
});
const transactions = Number(values.transactions);
const deliveries = Number(values.deliveries);
const concurrency = Number(values.concurrency);

const { url: databaseUrl, stop: stopPostgres } = postgres('bench');
const load = os
  .loadavg()
  .map((n) => n.toFixed(2))
  .join(' / ');
const here = (/** @type {string} */ file) => fileURLToPath(new URL(file, import.meta.url));
const pct = (/** @type {number[]} */ sorted, /** @type {number} */ p) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const ms = (/** @type {number} */ n) => `${n.toFixed(2)} ms`;

// --- 1. enqueue cost ----------------------------------------------------------------------------
const schema = `bench_${Date.now().toString(36)}`;
const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
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
await outbox.stop();
await pool.query(`DROP SCHEMA ${schema} CASCADE`);

// --- 2. delivery throughput ---------------------------------------------------------------------
const server = fork(here('./outbox-soak-server.mjs'), [JSON.stringify({ rate: 0, seed: 1 })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
/** @type {{ url: string }} */
const ready = await new Promise((resolve) => server.once('message', resolve));
const runs = () =>
  new Promise((resolve) => {
    /** @param {any} m */
    const on = (m) => {
      if (m?.type !== 'progress') return;
      server.off('message', on);
      resolve(m.runs);
    };
    server.on('message', on);
    server.send({ type: 'progress' });
  });

async function outboxThroughput(/** @type {number} */ workerCount) {
  const s = `bench_w${workerCount}_${Date.now().toString(36)}`;
  const producer = new JourneysOutbox({
    boss: new PgBoss({ connectionString: databaseUrl, schema: s, max: 4, schedule: false, supervise: false }),
    client: new FakeJourneysClient(),
  });
  await producer.start();
  for (let i = 0; i < deliveries; i++) await producer.enqueue('order-confirmation', { user_id: `u${i}` });
  const before = /** @type {number} */ (await runs());
  const workers = Array.from({ length: workerCount }, () =>
    fork(here('./outbox-soak-worker.mjs'), [JSON.stringify({ databaseUrl, schema: s, courierUrl: ready.url, concurrency })], {
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
  while (/** @type {number} */ (await runs()) - before < deliveries) await new Promise((resolve) => setTimeout(resolve, 50));
  const seconds = (performance.now() - started) / 1000;
  for (const w of workers) w.kill('SIGTERM');
  await Promise.all(workers.map((w) => new Promise((resolve) => w.once('exit', resolve))));
  await producer.stop();
  const cleanup = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  await cleanup.query(`DROP SCHEMA ${s} CASCADE`);
  await cleanup.end();
  return deliveries / seconds;
}

async function inlineThroughput(/** @type {number} */ inFlight) {
  const client = new JourneysClient({ apiKey: 'soak-key', baseUrl: ready.url });
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

const delivery = [
  [`outbox, 1 worker process x ${concurrency}`, await outboxThroughput(1)],
  [`outbox, 3 worker processes x ${concurrency}`, await outboxThroughput(3)],
  [`invoke() inline, ${concurrency} in flight`, await inlineThroughput(concurrency)],
  [`invoke() inline, ${concurrency * 3} in flight`, await inlineThroughput(concurrency * 3)],
];
console.log('delivery:', delivery.map((r) => `${r[0]}: ${Math.round(/** @type {number} */ (r[1]))}/s`).join('; '));
server.send({ type: 'report' });
await new Promise((resolve) => server.once('exit', resolve));
await pool.end();
stopPostgres();

const markdown = [
  '<!-- outbox-bench -->',
  '## Outbox (`pnpm bench:outbox`)',
  '',
  `Generated by \`pnpm bench:outbox\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} cores, Node ${process.version}, PostgreSQL on the same machine (fsync off), the fake Courier in its own process; load average at start ${load}.`,
  '',
  `Enqueue cost: ${transactions} transactions of each kind, alternating, on one connection (\`BEGIN; INSERT an order; [enqueue;] COMMIT\`).`,
  '',
  '| | median | p99 |',
  '|---|---:|---:|',
  ...enqueueRows.map((r) => `| ${r.name} | ${ms(r.p50)} | ${ms(r.p99)} |`),
  '',
  `Delivery throughput: ${deliveries} stored invocations delivered to the fake Courier (no faults); each worker process runs ${concurrency} deliveries at a time. Inline \`invoke()\` is the same client without the outbox.`,
  '',
  '| | journeys started per second |',
  '|---|---:|',
  ...delivery.map(([name, rate]) => `| ${name} | ${Math.round(/** @type {number} */ (rate))} |`),
  '',
  "The outbox trades throughput for durability: each delivery also claims and completes a job row in PostgreSQL. On this 2-core machine three worker processes deliver less than one: they, PostgreSQL and the fake Courier share the same two cores, and each process adds its own pg-boss loops, heartbeats and connections. More worker processes are for more cores or hosts, and for availability (a killed worker's jobs are taken over); within one process, raise `concurrency`.",
  '<!-- /outbox-bench -->',
].join('\n');
if (values.write) {
  mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('../results/outbox.md', import.meta.url), `${markdown}\n`);
  const file = new URL('../../BENCHMARKS.md', import.meta.url);
  const current = readFileSync(file, 'utf8');
  const block = /<!-- outbox-bench -->[\s\S]*<!-- \/outbox-bench -->\n?/;
  writeFileSync(file, block.test(current) ? current.replace(block, `${markdown}\n`) : `${current.trimEnd()}\n\n${markdown}\n`);
}
console.log(`\n${markdown}`);
