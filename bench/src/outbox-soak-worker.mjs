// One outbox worker process of the soak (which kills these with SIGKILL and starts new ones) and
// of the outbox benchmark (which asks it for its CPU time). `fastSupervise`: pg-boss looks for lost claims every 2 s instead of every
// 60 s, so the soak's killed workers' jobs come back quickly; the benchmark keeps the defaults.
import { JourneysClient } from '@journeykit/core';
import { JourneysOutbox } from '@journeykit/outbox';
import { PgBoss } from 'pg-boss';

const { databaseUrl, schema, courierUrl, concurrency, fastSupervise = false } = JSON.parse(process.argv[2] ?? '{}');
const outbox = new JourneysOutbox({
  boss: new PgBoss({
    connectionString: databaseUrl,
    schema,
    max: 6,
    schedule: false,
    ...(fastSupervise ? { superviseIntervalSeconds: 2, monitorIntervalSeconds: 2 } : {}),
  }),
  client: new JourneysClient({ apiKey: 'soak-key', baseUrl: courierUrl, timeoutMs: 2_000, maxRetries: 2, maxRetryAfterMs: 200 }),
  heartbeatMs: 10_000,
  retry: { horizonMs: 3_600_000, initialDelayMs: 1000, maxDelayMs: 8000 },
  hooks: { onError: () => undefined }, // pg-boss's own faults while its connections are cut by a kill are expected
});
await outbox.start();
await outbox.work({ concurrency, pollIntervalMs: 500, stopOnSignals: ['SIGTERM'] });
process.send?.({ type: 'ready' });
// The benchmark's CPU time per delivery: what this process used, user and system, in microseconds.
process.on('message', (/** @type {any} */ message) => {
  if (message?.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ type: 'cpu', micros: user + system });
  }
});
