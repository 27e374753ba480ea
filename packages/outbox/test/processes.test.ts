/**
 * Worker processes on one real PostgreSQL database: several deliver each job once; a worker
 * killed between Courier's 200 and the job's completion leaves a job that another delivers again
 * with the same key (Courier replays: one run); SIGTERM finishes the delivery in flight.
 */
import { FakeJourneysClient, startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JourneysOutbox } from '../src/index.js';
import { freshSchema, jobStates, testBoss, testPool, waitFor } from '@journeykit/test-support/postgres';
import { startWorker, type WorkerProcess } from './support/workers.js';

const API_KEY = 'sk_test_outbox_processes';
const pool = testPool();
let server: FakeCourierServer;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  server = await startFakeCourier({ apiKey: API_KEY });
});
/** Ends every worker process; before a schema is dropped, so none holds a lock on its tables. */
async function stopWorkers(): Promise<void> {
  for (const w of workers.splice(0)) {
    if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await w.exited;
  }
}
afterEach(async () => {
  await stopWorkers();
  server.reset();
});
afterAll(async () => {
  await server.close();
  await pool.end();
});

/**
 * Runs `body` on a schema of its own with an outbox in this process that only enqueues (the web
 * process; workers run elsewhere), then drops the schema.
 */
async function withProducer(body: (schema: string, outbox: JourneysOutbox) => Promise<void>): Promise<void> {
  const schema = freshSchema();
  // The retry policy travels with each job from the process that enqueued it: the same as the workers'.
  const outbox = new JourneysOutbox({
    boss: testBoss(schema),
    client: new FakeJourneysClient(),
    heartbeatMs: 10_000,
    retry: { horizonMs: 600_000, initialDelayMs: 1000, maxDelayMs: 2000 },
  });
  await outbox.start();
  try {
    await body(schema, outbox);
  } finally {
    // Workers still polling and running maintenance in the schema while DROP SCHEMA ... CASCADE
    // takes its locks table by table can deadlock with it (seen in CI on Node 26).
    await stopWorkers();
    await outbox.stop();
    await pool.query(`DROP SCHEMA ${schema} CASCADE`);
  }
}
function worker(schema: string, mode?: string, concurrency?: number): WorkerProcess {
  const w = startWorker({ schema, courierUrl: server.url, apiKey: API_KEY, mode, concurrency });
  workers.push(w);
  return w;
}

describe('worker processes', () => {
  it('three processes on one queue deliver each of 150 jobs exactly once', async () => {
    await withProducer(async (schema, outbox) => {
      const ws = [worker(schema, 'normal', 4), worker(schema, 'normal', 4), worker(schema, 'normal', 4)];
      await Promise.all(ws.map((w) => w.waitForLine('ready')));
      const keys = new Set<string>();
      for (let i = 0; i < 150; i++) keys.add((await outbox.enqueue('welcome', { user_id: `u${i}` })).idempotencyKey);
      await waitFor('150 runs', () => server.invocations.length === 150, 60_000);
      await waitFor('the 150 jobs deleted once delivered', async () => (await jobStates(pool, schema, outbox.queue)).length === 0, 30_000);

      expect(new Set(server.invocations.map((r) => r.idempotencyKey))).toEqual(keys);
      // Each job was claimed once: one HTTP request per key, none replayed.
      expect(server.requests).toHaveLength(150);
      // And the work was shared.
      expect(ws.filter((w) => w.lines.includes('delivered')).length).toBeGreaterThanOrEqual(2);
    });
  }, 120_000);

  it('a worker killed between Courier’s 200 and the job’s completion: the job is delivered again with the same key and the journey runs once', async () => {
    await withProducer(async (schema, outbox) => {
      const doomed = worker(schema, 'die-after-200', 1);
      await doomed.waitForLine('ready');
      const { jobId, idempotencyKey } = await outbox.enqueue('welcome', { user_id: 'killed-mid-delivery' });
      expect(await doomed.exited).toEqual({ code: null, signal: 'SIGKILL' });
      const killedAt = Date.now();
      expect(server.invocations).toHaveLength(1);
      expect((await jobStates(pool, schema, outbox.queue)).find((j) => j.id === jobId)?.state).toBe('active');

      const rescuer = worker(schema, 'normal', 1);
      await rescuer.waitForLine('delivered', 1, 60_000);
      // The README's account: the last heartbeat was at most heartbeatSeconds / 2 (the refresh) before
      // the kill, so the claim lapses 5-10 s after it; pg-boss's next monitoring pass notices
      // (monitorIntervalSeconds: 1 here, 60 by default); the job is retried after its first retry
      // delay, 1-2x initialDelaySeconds (1 here, 10 by default); a worker polls (0.5 s). With the
      // defaults that is 30 s + up to 60 s + 10-20 s: the ~70 s the issue saw.
      const redeliveredAfter = (Date.now() - killedAt) / 1000;
      expect(redeliveredAfter).toBeGreaterThanOrEqual(5);
      expect(redeliveredAfter).toBeLessThan(10 + 1 + 2 + 0.5 + 4); // + 4 s for a busy shared machine
      await waitFor('the job deleted once delivered', async () => !(await jobStates(pool, schema, outbox.queue)).some((j) => j.id === jobId));
      expect(server.invocations).toHaveLength(1);
      expect(server.requests.map((r) => [r.idempotencyKey, r.outcome])).toEqual([
        [idempotencyKey, 'created'],
        [idempotencyKey, 'replayed'],
      ]);
    });
  }, 120_000);

  it('SIGTERM during a delivery: the delivery finishes, the job settles, the process exits', async () => {
    await withProducer(async (schema, outbox) => {
      const w = worker(schema, 'normal', 1);
      await w.waitForLine('ready');
      server.inject({ kind: 'delay', durationMs: 1_500 });
      const { jobId } = await outbox.enqueue('welcome', { user_id: 'terminated' });
      await w.waitForLine('sending');
      w.child.kill('SIGTERM');
      const exit = await w.exited;
      // The outbox stopped, then let SIGTERM end the process the way it would have.
      expect(exit.signal).toBe('SIGTERM');
      expect(w.lines).toContain('delivered');
      expect(server.invocations).toHaveLength(1);
      // Delivered and settled: the job is deleted (its request with it), not left active for a redelivery.
      expect((await jobStates(pool, schema, outbox.queue)).some((j) => j.id === jobId)).toBe(false);
    });
  }, 60_000);
});
