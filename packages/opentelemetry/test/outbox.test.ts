/**
 * The outbox's metrics through `new JourneysOutbox({ ..., telemetry })`, on a real PostgreSQL
 * (JOURNEYKIT_TEST_DATABASE_URL, as the outbox's own tests) and the fake Courier over HTTP.
 */
import { JourneysClient } from '@journeykit/core';
import { JourneysOutbox } from '@journeykit/outbox';
import { startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import { dropSchema, freshSchema, testBoss, waitFor } from '@journeykit/test-support/postgres';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { journeysTelemetry } from '../src/index.js';
import { pointsOf, startTestSdk, type TestSdk } from './support/otel.js';

const API_KEY = 'sk_test_otel_outbox_key';
const schema = freshSchema('jk_otel');
let server: FakeCourierServer;
let sdk: TestSdk;
let client: JourneysClient;
let outbox: JourneysOutbox;
let boss: PgBoss;
let findJobsCalls = 0;
let aheadMs = 0;

beforeAll(async () => {
  sdk = startTestSdk({ undici: false });
  server = await startFakeCourier({ apiKey: API_KEY });
  const telemetry = journeysTelemetry();
  client = new JourneysClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 0, telemetry });
  boss = testBoss(schema, { max: 3 });
  const findJobs = boss.findJobs.bind(boss);
  boss.findJobs = (...args: Parameters<PgBoss['findJobs']>) => {
    findJobsCalls++;
    return findJobs(...args);
  };
  // The one line of setup: the same telemetry as the client's.
  outbox = new JourneysOutbox({
    boss,
    client,
    telemetry,
    retry: { horizonMs: 60_000, initialDelayMs: 1000, maxDelayMs: 1000 },
    // The outbox's clock, moved ahead instead of waiting for a pending invocation to age.
    clock: { now: () => Date.now() + aheadMs },
  });
  await outbox.start();
});
afterAll(async () => {
  await outbox?.stop();
  await client?.close();
  await server?.close();
  await sdk?.shutdown();
  await dropSchema(schema);
});

const value = (points: { attributes: Record<string, unknown>; value: unknown }[], match: Record<string, unknown>): unknown =>
  points.find((p) => Object.entries(match).every(([k, v]) => p.attributes[k] === v))?.value;

it('counts enqueued, delivered, retried and dead-lettered invocations, and reports the age of the oldest pending one', async () => {
  await outbox.enqueue('welcome', { user_id: 'u1' });
  await outbox.enqueue('welcome', { user_id: 'u2' });
  await outbox.enqueue('flaky', { user_id: 'u3' });
  await outbox.enqueue('refused', { user_id: 'u4', data: { secret: 'data-secret' } });

  // Nothing delivers yet: the oldest pending invocation ages.
  aheadMs += 1_200;
  let collected = await sdk.collectMetrics();
  const age = pointsOf(collected, 'journeykit.outbox.oldest_pending.age');
  expect(age).toHaveLength(1);
  expect(age[0]?.attributes).toEqual({ 'journeykit.outbox.queue': 'journeykit-invoke' });
  expect(age[0]?.value).toBeGreaterThanOrEqual(1);
  expect(age[0]?.value).toBeLessThan(30);

  server.inject({ kind: 'status', status: 503, stored: false }, { templateId: 'flaky' });
  server.inject({ kind: 'status', status: 400, body: { message: 'refused' } }, { templateId: 'refused' });
  await outbox.work({ concurrency: 2, pollIntervalMs: 500 });
  await waitFor('3 runs and a dead letter', async () => server.invocations.length === 3 && (await outbox.listDeadLetters()).length === 1);

  collected = await sdk.collectMetrics();
  const q = { 'journeykit.outbox.queue': 'journeykit-invoke' };
  const enqueued = pointsOf(collected, 'journeykit.outbox.enqueued');
  expect(value(enqueued, { ...q, 'journeykit.journey': 'welcome' })).toBe(2);
  expect(value(enqueued, { ...q, 'journeykit.journey': 'flaky' })).toBe(1);
  expect(value(enqueued, { ...q, 'journeykit.journey': 'refused' })).toBe(1);
  const delivered = pointsOf(collected, 'journeykit.outbox.delivered');
  expect(value(delivered, { ...q, 'journeykit.journey': 'welcome' })).toBe(2);
  expect(value(delivered, { ...q, 'journeykit.journey': 'flaky' })).toBe(1);
  expect(pointsOf(collected, 'journeykit.outbox.retried')).toEqual([
    { attributes: { ...q, 'journeykit.journey': 'flaky', 'error.type': 'ERR_JOURNEYS_API' }, value: 1 },
  ]);
  expect(pointsOf(collected, 'journeykit.outbox.dead_lettered')).toEqual([
    {
      attributes: { ...q, 'journeykit.journey': 'refused', 'journeykit.outbox.dead_letter.reason': 'permanent', 'error.type': 'ERR_JOURNEYS_API' },
      value: 1,
    },
  ]);
  // Nothing waits any more.
  expect(pointsOf(collected, 'journeykit.outbox.oldest_pending.age')).toEqual([{ attributes: q, value: 0 }]);
  // The worker's client calls are counted too, with the same telemetry.
  expect(value(pointsOf(collected, 'journeykit.client.calls'), { 'journeykit.journey': 'welcome', 'journeykit.outcome': 'success' })).toBe(2);
  expect(JSON.stringify(collected)).not.toContain('data-secret');
});

it('after stop(), the gauge no longer reads the database', async () => {
  await sdk.collectMetrics();
  const before = findJobsCalls;
  expect(before).toBeGreaterThan(0);
  await outbox.stop();
  await sdk.collectMetrics();
  await sdk.collectMetrics();
  expect(findJobsCalls).toBe(before);
});
