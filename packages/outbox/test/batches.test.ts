/**
 * A worker claims its jobs in batches (one query claims up to `batchSize`, one completes them):
 * a batch completes a job only once its own delivery has ended, and only the ones Courier took.
 * Real PostgreSQL, the real fake Courier over HTTP, and for the kill a worker in a process of its own.
 */
import { JourneysClient } from '@journeykit/core';
import { FakeJourneysClient, startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JourneysOutbox, type OutboxHooks } from '../src/index.js';
import { freshSchema, jobStates, testBoss, testPool, waitFor } from '@journeykit/test-support/postgres';
import { startWorker, type WorkerProcess } from './support/workers.js';

const API_KEY = 'sk_test_outbox_batches';
const pool = testPool();
let server: FakeCourierServer;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  server = await startFakeCourier({ apiKey: API_KEY });
});
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

/** Runs per idempotency key at the fake Courier: a journey started twice shows as 2. */
function runsByKey(): Map<string, number> {
  const runs = new Map<string, number>();
  for (const run of server.invocations) runs.set(String(run.idempotencyKey), (runs.get(String(run.idempotencyKey)) ?? 0) + 1);
  return runs;
}
const outcomesOf = (key: string) => server.requests.filter((r) => r.idempotencyKey === key).map((r) => r.outcome);

describe('batches', () => {
  it('a worker killed (SIGKILL) in the middle of a batch, some deliveries answered and some still at Courier: each journey starts exactly once, none is lost', async () => {
    const schema = freshSchema();
    // The retry policy travels with each job: the same as the worker processes' (support/worker-child.mjs).
    const producer = new JourneysOutbox({
      boss: testBoss(schema),
      client: new FakeJourneysClient(),
      heartbeatMs: 10_000,
      retry: { horizonMs: 600_000, initialDelayMs: 1000, maxDelayMs: 2000 },
    });
    await producer.start();
    try {
      // Stored before the worker starts, so its first fetch claims all six as one batch (batchSize defaults to concurrency).
      const quick = [];
      const held = [];
      for (let i = 0; i < 3; i++) quick.push(await producer.enqueue('welcome', { user_id: `quick-${i}` }));
      for (let i = 0; i < 3; i++) held.push(await producer.enqueue('slow-journey', { user_id: `held-${i}` }));
      // Courier holds the first three requests for the slow journey without answering or creating anything.
      server.inject({ kind: 'stall' }, { templateId: 'slow-journey', times: 3 });

      const doomed = startWorker({ schema, courierUrl: server.url, apiKey: API_KEY, concurrency: 6 });
      workers.push(doomed);
      await doomed.waitForLine('sending', 6);
      await doomed.waitForLine('delivered', 3);
      await waitFor('the three held requests at Courier', () => server.requests.filter((r) => r.templateId === 'slow-journey').length === 3);
      doomed.child.kill('SIGKILL');
      expect(await doomed.exited).toEqual({ code: null, signal: 'SIGKILL' });

      // Three runs exist; nothing of the batch was completed (or deleted): the three answered
      // deliveries wait for the batch, the three held ones had not ended.
      expect([...runsByKey().keys()].sort()).toEqual(quick.map((q) => q.idempotencyKey).sort());
      const states = await jobStates(pool, schema, producer.queue);
      expect(states.map((j) => j.state)).toEqual(['active', 'active', 'active', 'active', 'active', 'active']);

      // Another worker takes the batch over once the claims lapse: every job is delivered again with its key.
      const rescuer = startWorker({ schema, courierUrl: server.url, apiKey: API_KEY, concurrency: 6 });
      workers.push(rescuer);
      await waitFor('six runs', () => runsByKey().size === 6, 60_000);
      await waitFor('the six jobs deleted once delivered', async () => (await jobStates(pool, schema, producer.queue)).length === 0, 30_000);

      const runs = runsByKey();
      for (const { idempotencyKey } of [...quick, ...held]) expect(runs.get(idempotencyKey), idempotencyKey).toBe(1);
      expect(server.invocations).toHaveLength(6);
      // The answered ones were replayed by Courier (same run); the held ones started on the second attempt.
      for (const { idempotencyKey } of quick) expect(outcomesOf(idempotencyKey)).toEqual(['created', 'replayed']);
      for (const { idempotencyKey } of held) expect(outcomesOf(idempotencyKey)).toEqual(['injected', 'created']);
    } finally {
      await stopWorkers();
      await producer.stop();
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    }
  }, 120_000);

  it('a batch where some deliveries fail completes only the delivered ones; the failed ones wait for their retry or become dead letters', async () => {
    const schema = freshSchema();
    const settled: string[] = [];
    const note = (kind: string) => (event: { jobId: string }) => void settled.push(`${kind}:${event.jobId}`);
    const hooks: OutboxHooks = { onDeliver: note('deliver'), onRetry: note('retry'), onDeadLetter: note('dead-letter') };
    const client = new JourneysClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 0, timeoutMs: 5_000 });
    // A retry a minute away, so the failed jobs are still waiting for it when they are looked at.
    const outbox = new JourneysOutbox({
      boss: testBoss(schema),
      client,
      hooks,
      retry: { horizonMs: 3_600_000, initialDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    await outbox.start();
    try {
      server.inject({ kind: 'status', status: 503, stored: false }, { templateId: 'flaky-journey', times: Infinity });
      server.inject(
        { kind: 'status', status: 404, body: { message: 'Journey not found', type: 'not_found' } },
        { templateId: 'retired-journey', times: Infinity },
      );
      const delivered = [await outbox.enqueue('welcome', { user_id: 'a' }), await outbox.enqueue('welcome', { user_id: 'b' })];
      const retried = [await outbox.enqueue('flaky-journey', { user_id: 'c' }), await outbox.enqueue('flaky-journey', { user_id: 'd' })];
      const refused = [await outbox.enqueue('retired-journey', { user_id: 'e' }), await outbox.enqueue('retired-journey', { user_id: 'f' })];
      await outbox.work({ concurrency: 6, pollIntervalMs: 500 });
      await waitFor('six deliveries ended', () => settled.length === 6);
      await waitFor('the batch settled', async () => !(await jobStates(pool, schema, outbox.queue)).some((j) => j.state === 'active'));

      expect(server.requests).toHaveLength(6);
      const states = new Map((await jobStates(pool, schema, outbox.queue)).map((j) => [j.id, j]));
      // Delivered: completed and deleted, request and all.
      for (const { jobId } of delivered) expect(states.has(jobId), jobId).toBe(false);
      // Transient failure: back in the queue for its retry, with the failure as output.
      for (const { jobId } of retried) {
        expect(states.get(jobId)?.state, jobId).toBe('retry');
        expect(states.get(jobId)?.output).toMatchObject({ status: 503 });
      }
      // Refused: failed, with a dead letter each.
      for (const { jobId } of refused) expect(states.get(jobId)?.state, jobId).toBe('failed');
      const letters = await outbox.listDeadLetters();
      expect(letters.map((l) => l.jobId).sort()).toEqual(refused.map((r) => r.jobId).sort());
      expect(letters.every((l) => l.reason === 'permanent' && l.error.status === 404)).toBe(true);
      expect(new Set(server.invocations.map((r) => r.idempotencyKey))).toEqual(new Set(delivered.map((d) => d.idempotencyKey)));
    } finally {
      await outbox.stop();
      await client.close();
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    }
  }, 60_000);
});
