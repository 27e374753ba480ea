// The worker process of `outbox-delivery-profile.mjs`: an outbox worker like the benchmark's
// (outbox-soak-worker.mjs) that also times, by kind, every statement its pg-boss sends and every
// client call, and reports them with its CPU time when asked.
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { JourneysClient } from '@journeykit/core';
import { PgBoss } from 'pg-boss';

const { databaseUrl, schema, courierUrl, concurrency, batchSize, outboxModule } = JSON.parse(process.argv[2] ?? '{}');
const { JourneysOutbox } = await import(outboxModule ?? '@journeykit/outbox');

/** The statements of a delivery, told apart by how pg-boss 12 writes them; anything else (failures included: the set-up has none) is `other`. */
/** @type {[string, RegExp][]} */
const KINDS = [
  ['fetch (claim a batch)', /^WITH next AS \( SELECT j\.id FROM \S+ j WHERE j\.name =/],
  ['complete (the batch)', /^WITH input AS \( SELECT \* FROM json_to_recordset/],
  ['delete (the delivered)', /^WITH results as \( DELETE FROM \S+job/i],
  ['heartbeat', /SET heartbeat_on =/],
];
/** @type {Record<string, { n: number, ms: number }>} */
const statements = {};
const calls = { n: 0, ms: 0 };
// pg-boss's own pg (the one next to it), so its pool's queries are the ones timed.
const pg = createRequire(realpathSync(fileURLToPath(import.meta.resolve('pg-boss'))))('pg');
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (/** @type {any} */ config, /** @type {any} */ values, /** @type {any} */ callback) {
  const text = String(typeof config === 'string' ? config : (config?.text ?? ''))
    .replace(/\s+/g, ' ')
    .trim();
  const kind = KINDS.find(([, pattern]) => pattern.test(text))?.[0] ?? 'other (start-up, maintenance, queue cache)';
  const started = performance.now();
  const done = () => {
    const entry = (statements[kind] ??= { n: 0, ms: 0 });
    entry.n++;
    entry.ms += performance.now() - started;
  };
  // pg-pool calls query with a callback; others await the promise.
  if (typeof values === 'function') return query.call(this, config, (/** @type {unknown[]} */ ...a) => (done(), values(...a)));
  if (typeof callback === 'function') return query.call(this, config, values, (/** @type {unknown[]} */ ...a) => (done(), callback(...a)));
  const result = query.call(this, config, values);
  result?.then?.(done, () => undefined);
  return result;
};

const client = new JourneysClient({ apiKey: 'soak-key', baseUrl: courierUrl, timeoutMs: 2_000, maxRetries: 2, maxRetryAfterMs: 200 });
const invoke = client.invoke.bind(client);
client.invoke = async (/** @type {Parameters<typeof invoke>} */ ...args) => {
  const started = performance.now();
  try {
    return await invoke(...args);
  } finally {
    calls.n++;
    calls.ms += performance.now() - started;
  }
};
const outbox = new JourneysOutbox({
  boss: new PgBoss({ connectionString: databaseUrl, schema, max: 6, schedule: false }),
  client,
  heartbeatMs: 10_000,
  hooks: { onError: () => undefined },
});
await outbox.start();
await outbox.work({ concurrency, pollIntervalMs: 500, ...(batchSize === undefined ? {} : { batchSize }) });
const { user, system } = process.cpuUsage();
const cpuAtReady = user + system;
process.send?.({ type: 'ready' });
process.on('message', (/** @type {any} */ message) => {
  if (message?.type !== 'report') return;
  const now = process.cpuUsage();
  process.send?.({ type: 'report', statements, calls, cpuMicros: now.user + now.system - cpuAtReady });
});
