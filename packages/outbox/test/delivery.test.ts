/**
 * Delivery against a real PostgreSQL server and the real fake Courier over HTTP: one run per
 * invocation, the same key (and an expiry past the horizon) on every attempt, retries with
 * backoff, dead letters with the typed error, replay.
 */
import { JourneysClient, JourneysConfigurationError, JourneysValidationError, defineJourneys } from '@journeykit/core';
import { FakeJourneysClient, startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JourneysOutbox, type DeadLetter, type OutboxHooks } from '../src/index.js';
import { freshSchema, jobStates, testBoss, testPool, waitFor } from '@journeykit/test-support/postgres';

const API_KEY = 'sk_test_outbox_delivery_key';
const pool = testPool();
let server: FakeCourierServer;
let client: JourneysClient;
const events: { kind: string; event: Record<string, unknown> }[] = [];
const record = (kind: string) => (event: object) => void events.push({ kind, event: event as Record<string, unknown> });
const hooks: OutboxHooks = {
  onEnqueue: record('enqueue'),
  onDeliver: record('deliver'),
  onRetry: record('retry'),
  onDeadLetter: record('dead-letter'),
};
const schema = freshSchema();
let outbox: JourneysOutbox;
const HORIZON_SECONDS = 4;

beforeAll(async () => {
  server = await startFakeCourier({ apiKey: API_KEY });
  // No client-side retries: every failure is a job failure, so pg-boss's retries are what is tested.
  client = new JourneysClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 0, timeoutMs: 5_000 });
  outbox = new JourneysOutbox({
    boss: testBoss(schema),
    client,
    hooks,
    retry: { horizonMs: HORIZON_SECONDS * 1000, initialDelayMs: 1000, maxDelayMs: 1000 },
  });
  await outbox.start();
  await outbox.work({ concurrency: 4, pollIntervalMs: 500 });
});
afterAll(async () => {
  await outbox.stop();
  await client.close();
  await server.close();
  await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pool.end();
});

const requestsFor = (templateId: string) => server.requests.filter((r) => r.templateId === templateId);
const runsFor = (templateId: string) => server.invocations.filter((r) => r.templateId === templateId);
async function deadLetterFor(templateId: string): Promise<DeadLetter> {
  let found: DeadLetter | undefined;
  await waitFor(`a dead letter for ${templateId}`, async () => {
    found = (await outbox.listDeadLetters()).find((l) => l.templateId === templateId);
    return found !== undefined;
  });
  return found as DeadLetter;
}

describe('delivery', () => {
  it('starts each committed invocation once, with the key fixed at enqueue and an expiry past the retry horizon', async () => {
    const enqueuedAt = Date.now();
    const results = await Promise.all(['u1', 'u2', 'u3'].map((user) => outbox.enqueue('welcome', { user_id: user, data: { plan: 'pro' } })));
    const given = await outbox.enqueue('welcome', { user_id: 'u4' }, { idempotencyKey: 'signup-u4' });
    expect(given.idempotencyKey).toBe('signup-u4');
    await waitFor('4 runs', () => runsFor('welcome').length === 4);

    // A key the outbox made up says so, like the client's: `journeykit-<uuid>`.
    for (const r of results) expect(r.idempotencyKey).toMatch(/^journeykit-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const keys = [...results.map((r) => r.idempotencyKey), 'signup-u4'];
    expect(new Set(runsFor('welcome').map((r) => r.idempotencyKey))).toEqual(new Set(keys));
    for (const request of requestsFor('welcome')) {
      // Courier must keep the key until the last retry could happen, and for the replay window (30 days) after it.
      expect(request.idempotencyExpiresAt!.getTime()).toBeGreaterThanOrEqual(enqueuedAt + HORIZON_SECONDS * 1000 + 30 * 86_400_000);
    }
    expect(requestsFor('welcome')).toHaveLength(4);
    // Delivered jobs are deleted, request and all (retention.deliveredMs: 0).
    const ids = new Set([...results, given].map((r) => r.jobId));
    await waitFor('jobs deleted once delivered', async () => !(await jobStates(pool, schema, outbox.queue)).some((j) => ids.has(j.id)));
  });

  it('retries transient failures (503, 429, dropped connection) with backoff, sending the same key every time', async () => {
    server.inject({ kind: 'status', status: 503, stored: false }, { templateId: 'flaky' });
    server.inject({ kind: 'status', status: 429, stored: false }, { templateId: 'flaky' });
    server.inject({ kind: 'drop' }, { templateId: 'flaky' });
    const { jobId, idempotencyKey } = await outbox.enqueue('flaky', { user_id: 'u-flaky' });
    await waitFor('the run after three failures', () => runsFor('flaky').length === 1);

    const attempts = requestsFor('flaky');
    expect(attempts.map((r) => r.status)).toEqual([503, 429, 'dropped', 200]);
    expect(new Set(attempts.map((r) => r.idempotencyKey))).toEqual(new Set([idempotencyKey]));
    // pg-boss waited between attempts (retryDelay 1 s with jitter: at least half of it each time).
    for (let i = 1; i < attempts.length; i++) {
      expect(attempts[i]!.at.getTime() - attempts[i - 1]!.at.getTime()).toBeGreaterThanOrEqual(450);
    }
    const retries = events.filter((e) => e.kind === 'retry' && e.event.jobId === jobId);
    expect(retries.map((e) => (e.event.error as { status?: number }).status)).toEqual([503, 429, undefined]);
    expect(retries.map((e) => e.event.attempt)).toEqual([1, 2, 3]);
    await waitFor('the job deleted once delivered', async () => !(await jobStates(pool, schema, outbox.queue)).some((j) => j.id === jobId));
  });

  it('sends a permanent failure (404) to the dead-letter queue at once, with code, status and message but no key', async () => {
    server.inject({ kind: 'status', status: 404, body: { message: 'Journey not found', type: 'not_found' } }, { templateId: 'missing' });
    const { jobId, idempotencyKey } = await outbox.enqueue('missing', { user_id: 'u-missing' });
    const letter = await deadLetterFor('missing');

    expect(letter).toMatchObject({ jobId, templateId: 'missing', userId: 'u-missing', reason: 'permanent', attempts: 1 });
    expect(letter.error).toMatchObject({ code: 'ERR_JOURNEYS_API', status: 404 });
    expect(letter.error.message).toMatch(/404/);
    expect(requestsFor('missing')).toHaveLength(1); // never retried
    const shown = JSON.stringify(letter);
    expect(shown).not.toContain(idempotencyKey);
    expect(shown).not.toContain(API_KEY);
    expect(events.find((e) => e.kind === 'dead-letter' && e.event.jobId === jobId)?.event).toMatchObject({ reason: 'permanent' });
  });

  it('replays a refused invocation with a new key derived from the old one, once however often replay is called', async () => {
    const letter = await deadLetterFor('missing');
    const original = requestsFor('missing')[0]!.idempotencyKey!;
    expect(await outbox.replayDeadLetters({ ids: [letter.id] })).toBe(1);
    expect(await outbox.replayDeadLetters({ ids: [letter.id] })).toBe(0);
    await waitFor('the replayed run', () => runsFor('missing').length === 1);
    expect(runsFor('missing')[0]!.idempotencyKey).toBe(`${original}:replay-1`);
    expect((await outbox.listDeadLetters()).some((l) => l.id === letter.id)).toBe(false);
  });

  it('dead-letters an invocation still failing when the horizon ends (Courier down), and a replay keeps its key', async () => {
    const outage = server.inject({ kind: 'status', status: 503, stored: false }, { templateId: 'outage', times: Infinity });
    const started = Date.now();
    const { idempotencyKey } = await outbox.enqueue('outage', { user_id: 'u-outage' });
    const letter = await deadLetterFor('outage');
    expect(Date.now() - started).toBeGreaterThanOrEqual(HORIZON_SECONDS * 1000);
    expect(letter).toMatchObject({ reason: 'horizon', error: { code: 'ERR_JOURNEYS_API', status: 503 } });
    expect(letter.attempts).toBeGreaterThanOrEqual(2);
    expect(runsFor('outage')).toHaveLength(0);

    outage.cancel();
    expect(await outbox.replayDeadLetters({ ids: [letter.id] })).toBe(1);
    await waitFor('the run after the outage', () => runsFor('outage').length === 1);
    // The same key: had one of the failed attempts started a run, Courier would replay it.
    expect(runsFor('outage')[0]!.idempotencyKey).toBe(idempotencyKey);
  });

  it('holds an invocation for its delayMs', async () => {
    const at = Date.now();
    await outbox.enqueue('later', { user_id: 'u-later' }, { delayMs: 2000 });
    await waitFor('the delayed run', () => runsFor('later').length === 1);
    expect(runsFor('later')[0]!.at.getTime() - at).toBeGreaterThanOrEqual(1_900);
  });

  it('keeps a job waiting for as long as its retry horizon, even past pg-boss’s default retention of 14 days', async () => {
    const patient = new JourneysOutbox({ boss: testBoss(schema), client, queue: 'patient', retry: { horizonMs: 30 * 86_400_000 } });
    await patient.start();
    try {
      const due = new Date(Date.now() + 7 * 86_400_000);
      const { jobId } = await patient.enqueue('patient', { user_id: 'u-patient' }, { startAfter: due });
      const { rows } = await pool.query(`SELECT keep_until, start_after FROM ${schema}.job WHERE id = $1`, [jobId]);
      expect(rows[0].start_after.getTime()).toBe(due.getTime());
      expect(rows[0].keep_until.getTime()).toBeGreaterThan(due.getTime() + 30 * 86_400_000);
    } finally {
      await patient.stop();
    }
  });

  it('reports enqueue and deliver events without the request contents', async () => {
    const { jobId } = await outbox.enqueue('hooked', { user_id: 'u-hook', profile: { email: 'secret@example.com' }, data: { plan: 'secret-plan' } });
    await waitFor('delivery', () => runsFor('hooked').length === 1);
    await waitFor('deliver event', () => events.some((e) => e.kind === 'deliver' && e.event.jobId === jobId));
    const mine = events.filter((e) => e.event.jobId === jobId);
    expect(mine.map((e) => e.kind)).toEqual(['enqueue', 'deliver']);
    expect(mine[1]!.event).toMatchObject({ templateId: 'hooked', userId: 'u-hook', attempt: 1, runId: runsFor('hooked')[0]!.runId });
    expect(JSON.stringify(mine)).not.toMatch(/secret/);
  });
});

describe('a journey the worker’s catalog no longer has', () => {
  it('is dead-lettered at once with reason "configuration", not retried for the horizon', async () => {
    // The app that enqueued knew "retired"; the worker's client was deployed with a catalog without it.
    const workerClient = new JourneysClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 0, catalog: defineJourneys({ welcome: {} }) });
    const retiring = new JourneysOutbox({
      boss: testBoss(schema),
      client: workerClient,
      catalog: defineJourneys({ welcome: {}, retired: {} }),
      queue: 'catalog-change',
      retry: { horizonMs: 600_000, initialDelayMs: 1000, maxDelayMs: 1000 },
      hooks,
    });
    await retiring.start();
    try {
      const { jobId } = await retiring.enqueue('retired', { user_id: 'u-retired' });
      await retiring.work({ pollIntervalMs: 500 });
      let letters: DeadLetter[] = [];
      await waitFor('the dead letter', async () => (letters = await retiring.listDeadLetters()).length === 1, 10_000);
      expect(letters[0]).toMatchObject({ jobId, reason: 'configuration', attempts: 1, error: { code: 'ERR_JOURNEYS_CONFIG' } });
      expect(letters[0]!.error.message).toMatch(/"retired" is not in the journey catalog/);
      expect(events.filter((e) => e.kind === 'retry' && e.event.jobId === jobId)).toEqual([]);
      expect(requestsFor('retired')).toEqual([]); // nothing was sent
    } finally {
      await retiring.stop();
      await workerClient.close();
    }
  });
});

describe('a configuration error that is not the catalog’s refusal', () => {
  it('is retried like any fault that may pass (a custom invoker’s setup, a dependency that failed to load), and delivered once it clears', async () => {
    let faults = 2;
    const flaky = {
      invoke: (templateId: string, request: Parameters<JourneysClient['invoke']>[1], options?: Parameters<JourneysClient['invoke']>[2]) => {
        if (faults-- > 0) return Promise.reject(new JourneysConfigurationError('undici could not be loaded (simulated)'));
        return client.invoke(templateId, request, options);
      },
    };
    const transient = new JourneysOutbox({
      boss: testBoss(schema),
      client: flaky,
      queue: 'config-transient',
      retry: { horizonMs: 600_000, initialDelayMs: 1000, maxDelayMs: 1000 },
      hooks,
    });
    await transient.start();
    try {
      const { jobId, idempotencyKey } = await transient.enqueue('config-transient', { user_id: 'u-config' });
      await transient.work({ pollIntervalMs: 500 });
      await waitFor(
        'the delivery or a dead letter',
        async () => runsFor('config-transient').length > 0 || (await transient.listDeadLetters()).length > 0,
        20_000,
      );
      expect(await transient.listDeadLetters()).toEqual([]);
      expect(runsFor('config-transient').map((r) => r.idempotencyKey)).toEqual([idempotencyKey]);
      expect(events.filter((e) => e.kind === 'retry' && e.event.jobId === jobId)).toHaveLength(2);
    } finally {
      await transient.stop();
    }
  });
});

describe('fetching', () => {
  it('does not wait a polling interval between deliveries while there is a backlog', async () => {
    // pg-boss waits its polling interval after each fetch unless it bursts; fetched one job at a
    // time, 40 jobs on 4 loops would take 10 intervals (50 s here).
    const busy = new JourneysOutbox({ boss: testBoss(schema), client, queue: 'backlog' });
    await busy.start();
    try {
      for (let i = 0; i < 40; i++) await busy.enqueue('backlog', { user_id: `b${i}` });
      const started = Date.now();
      await busy.work({ concurrency: 4, pollIntervalMs: 5000 });
      await waitFor('40 runs', () => runsFor('backlog').length === 40, 45_000);
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      await busy.stop();
    }
  }, 60_000);
});

describe('validation at enqueue', () => {
  async function count(): Promise<number> {
    return (await jobStates(pool, schema, outbox.queue)).length;
  }

  it.each([
    ['no recipient', 'welcome', {}, undefined, /no user to send to/],
    ['a template that changes the endpoint', '..', { user_id: 'u1' }, undefined, /templateId/],
    ['data that is not an object', 'welcome', { user_id: 'u1', data: [1] }, undefined, /data/],
    ['a bad idempotency key', 'welcome', { user_id: 'u1' }, { idempotencyKey: ' spaced ' }, /idempotencyKey/],
    ['a bad delayMs', 'welcome', { user_id: 'u1' }, { delayMs: -5 }, /delayMs/],
    ['startAfter in seconds', 'welcome', { user_id: 'u1' }, { startAfter: 60 }, /startAfter: must be a Date; for a delay from now, give delayMs/],
    ['an unknown option', 'welcome', { user_id: 'u1' }, { startIn: 60 }, /options\.startIn: unknown option/],
    ['a startAfter beyond the key lifetime', 'welcome', { user_id: 'u1' }, { startAfter: new Date(Date.now() + 400 * 86_400_000) }, /startAfter/],
    ['a db that is no transaction', 'welcome', { user_id: 'u1' }, { db: { nothing: true } }, /options\.db/],
    ['a Drizzle transaction passed as is', 'welcome', { user_id: 'u1' }, { db: { execute() {} } }, /fromDrizzle/],
  ])('rejects %s with JourneysValidationError and stores nothing', async (_name, templateId, request, options, message) => {
    const before = await count();
    const error = await outbox.enqueue(templateId, request as never, options as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysValidationError);
    expect((error as Error).message).toMatch(message);
    expect(await count()).toBe(before);
  });

  it("checks the catalog's schema (the client's catalog by default)", async () => {
    const catalog = defineJourneys({ 'order-shipped': { data: z.object({ order_id: z.string() }) } });
    const typed = new JourneysOutbox({ boss: testBoss(schema), client: new FakeJourneysClient({ catalog }) });
    await typed.start();
    try {
      const before = await count();
      await expect(typed.enqueue('order-shipped', { user_id: 'u1', data: {} })).rejects.toThrow(/order_id/);
      // Outside the catalog: a bug in the calling code, refused like the client refuses it.
      await expect(typed.enqueue('unknown', { user_id: 'u1' })).rejects.toBeInstanceOf(JourneysConfigurationError);
      expect(await count()).toBe(before);
      await expect(typed.enqueue('order-shipped', { user_id: 'u1', data: { order_id: 'o1' } })).resolves.toMatchObject({ jobId: expect.any(String) });
    } finally {
      await typed.stop();
    }
  });

  it('refuses to enqueue before start()', async () => {
    const idle = new JourneysOutbox({ boss: testBoss(schema), client: new FakeJourneysClient() });
    await expect(idle.enqueue('welcome', { user_id: 'u1' })).rejects.toThrow(/start\(\)/);
  });
});
