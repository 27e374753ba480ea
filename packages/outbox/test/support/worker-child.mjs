// A worker process for the multi-process tests, on the built package (what users run).
// Settings come from the environment; it prints "ready" once working and "sending" before each
// HTTP attempt, so the parent can time signals.
import { JourneysClient } from '@journeykit/core';
import { PgBoss } from 'pg-boss';
import { JourneysOutbox } from '../../dist/index.js';

const env = process.env;
const client = new JourneysClient({
  apiKey: env.COURIER_API_KEY,
  baseUrl: env.COURIER_BASE_URL,
  maxRetries: 0,
  timeoutMs: 10_000,
  hooks: { onRequest: () => console.log('sending') },
});
const boss = new PgBoss({
  connectionString: env.JOURNEYKIT_TEST_DATABASE_URL,
  schema: env.OUTBOX_SCHEMA,
  superviseIntervalSeconds: 1,
  monitorIntervalSeconds: 1,
  queueCacheIntervalSeconds: 1,
  schedule: false,
  max: 4,
});
const outbox = new JourneysOutbox({
  boss,
  client,
  heartbeatMs: 10_000,
  retry: { horizonMs: 600_000, initialDelayMs: 1000, maxDelayMs: 2000 },
  hooks: {
    onDeliver: () => {
      // Courier answered 200 and the run exists; the job is not completed yet. Die right here.
      if (env.WORKER_MODE === 'die-after-200') process.kill(process.pid, 'SIGKILL');
      console.log('delivered');
    },
  },
});
await outbox.start();
await outbox.work({ concurrency: Number(env.WORKER_CONCURRENCY ?? 2), pollIntervalMs: 500, stopOnSignals: ['SIGTERM'] });
console.log('ready');
