// Where a delivery's time goes in one outbox worker process, on the `pnpm bench:outbox` set-up
// (real PostgreSQL, the fake Courier in its own process): the worker's CPU per delivery, and per
// delivery how many statements of each kind its pg-boss sent (claim, complete, delete, heartbeat)
// and how long each took to answer, beside the client call's time. A loop's cycle is one fetch,
// its batch's calls in parallel, a delete and a completion: fewer statements per delivery is what
// a larger batch buys. `--outbox <path to a build's dist/index.js>` profiles another build, for a
// before/after; `--batch-size` sets work()'s batchSize (omitted: its default).
//   node src/outbox-delivery-profile.mjs [--deliveries 5000] [--concurrency 16] [--batch-size n] [--outbox path]
import { fork } from 'node:child_process';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { JourneysOutbox } from '@journeykit/outbox';
import { FakeJourneysClient } from '@journeykit/testkit';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { scriptArgs } from './cli-options.mjs';
import { ask, startCourierProcess, storeInvocations } from './outbox-processes.mjs';
import { postgres } from './postgres.mjs';

const { values } = parseArgs({
  args: scriptArgs(),
  options: {
    deliveries: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '16' },
    'batch-size': { type: 'string' },
    outbox: { type: 'string' },
  },
  strict: true,
});
const deliveries = Number(values.deliveries);
const concurrency = Number(values.concurrency);
const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
const outboxModule = values.outbox === undefined ? undefined : pathToFileURL(values.outbox).href;

const { url: databaseUrl, stop: stopPostgres } = postgres('bench');
const loadStart = os.loadavg()[0]?.toFixed(2);
const { server, url: courierUrl, runs } = await startCourierProcess();

const schema = `profile_${Date.now().toString(36)}`;
const producer = new JourneysOutbox({
  boss: new PgBoss({ connectionString: databaseUrl, schema, max: 4, schedule: false, supervise: false }),
  client: new FakeJourneysClient(),
});
await producer.start();
await storeInvocations(producer, deliveries);
const before = await runs();
const worker = fork(
  new URL('./outbox-profile-worker.mjs', import.meta.url),
  [JSON.stringify({ databaseUrl, schema, courierUrl, concurrency, batchSize, outboxModule })],
  { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
);
await new Promise((resolve) => worker.once('message', resolve));
const started = performance.now();
while ((await runs()) - before < deliveries) await new Promise((resolve) => setTimeout(resolve, 20));
const seconds = (performance.now() - started) / 1000;
/** @type {{ statements: Record<string, { n: number, ms: number }>, calls: { n: number, ms: number }, cpuMicros: number }} */
const report = await ask(worker, 'report');
worker.kill('SIGTERM');
await new Promise((resolve) => worker.once('exit', resolve));
await producer.stop();
const cleanup = new pg.Pool({ connectionString: databaseUrl, max: 1 });
await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
await cleanup.end();
server.kill();
stopPostgres();

console.log(
  `${values.outbox ?? '@journeykit/outbox'}, ${concurrency} at once${batchSize === undefined ? '' : `, batchSize ${batchSize}`}: ${Math.round(deliveries / seconds)} deliveries/s, worker CPU ${Math.round(report.cpuMicros / deliveries)} µs per delivery (load ${loadStart} at the start, ${os.loadavg()[0]?.toFixed(2)} at the end)`,
);
console.log(`  client call (HTTP to the fake Courier)  1.000 per delivery, ${(report.calls.ms / report.calls.n).toFixed(2)} ms each`);
for (const [kind, { n, ms }] of Object.entries(report.statements).sort((a, b) => b[1].n - a[1].n)) {
  console.log(`  ${kind.padEnd(38)} ${(n / deliveries).toFixed(3)} per delivery, ${(ms / n).toFixed(2)} ms each`);
}
