/**
 * What stays in PostgreSQL, and for how long, over days of simulated time (pg-boss's TestClock, its
 * maintenance run by hand): a queued invocation survives any worker outage, a dead letter stays until
 * it is replayed or deleted, and a delivered invocation's request (profile, data) does not stay.
 */
import { JourneysClient } from '@journeykit/core';
import { startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JourneysOutbox, type DeadLetter } from '../src/index.js';
import { freshSchema, testBoss, testPool } from '@journeykit/test-support/postgres';
import { DAY_MS, HOUR_MS, TestClock, driveUntil } from './support/simulated-time.js';

const API_KEY = 'sk_test_outbox_retention_key';
const pool = testPool();
let server: FakeCourierServer;
let client: JourneysClient;
const outboxes: JourneysOutbox[] = [];
const schemas: string[] = [];

beforeAll(async () => {
  server = await startFakeCourier({ apiKey: API_KEY });
  client = new JourneysClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 0 });
});
afterAll(async () => {
  for (const outbox of outboxes) await outbox.stop();
  await client.close();
  await server.close();
  for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pool.end();
});

/** An outbox on a schema of its own, on simulated time; maintenance runs only when a test calls `maintain()`. */
async function simulatedOutbox(options: Partial<ConstructorParameters<typeof JourneysOutbox>[0]> = {}) {
  const schema = freshSchema();
  schemas.push(schema);
  const clock = new TestClock();
  const boss = testBoss(schema, { clock, supervise: false, maintenanceIntervalSeconds: 1 });
  const outbox = new JourneysOutbox({ boss, client, clock, ...options });
  outboxes.push(outbox);
  await outbox.start();
  const rows = async (where = 'true') =>
    (await pool.query(`SELECT id, name, state, data::text AS data, output::text AS output FROM ${schema}.job WHERE ${where}`)).rows;
  return {
    schema,
    clock,
    outbox,
    rows,
    /** pg-boss's maintenance pass (expiry, retention), as any started pg-boss runs it on its interval. */
    maintain: () => boss.supervise(),
    later: (ms: number) => clock.setTime(clock.now() + ms),
  };
}

describe('a queued invocation is never deleted by housekeeping', () => {
  it('is still queued after a 3-day worker outage and pg-boss maintenance, then delivered once a worker is back', async () => {
    const s = await simulatedOutbox();
    const { jobId, idempotencyKey } = await s.outbox.enqueue('outage-3d', { user_id: 'u-outage' });
    await s.later(3 * DAY_MS);
    await s.maintain();
    expect((await s.rows(`id = '${jobId}'`)).map((r) => r.state)).toEqual(['created']);

    await s.outbox.work({ pollIntervalMs: 500 });
    await driveUntil(s.clock, 'the delivery', () => server.invocations.some((r) => r.templateId === 'outage-3d'));
    expect(server.invocations.filter((r) => r.templateId === 'outage-3d').map((r) => r.idempotencyKey)).toEqual([idempotencyKey]);
  });
});

describe('dead letters', () => {
  it('stay until replayed or deleted, past pg-boss’s default retention of 14 days (30 days here)', async () => {
    const s = await simulatedOutbox();
    server.inject({ kind: 'status', status: 404, body: { message: 'Journey not found', type: 'not_found' } }, { templateId: 'gone-30d' });
    await s.outbox.enqueue('gone-30d', { user_id: 'u-gone' });
    await s.outbox.work({ pollIntervalMs: 500 });
    let letters: DeadLetter[] = [];
    await driveUntil(s.clock, 'the dead letter', async () => (letters = await s.outbox.listDeadLetters()).length === 1);

    await s.later(30 * DAY_MS);
    await s.maintain();
    expect((await s.outbox.listDeadLetters()).map((l) => l.id)).toEqual([letters[0]!.id]);

    // Deleting is an explicit call, and it says how many it deleted.
    expect(await s.outbox.deleteDeadLetters({ ids: [letters[0]!.id, letters[0]!.id] })).toBe(1);
    expect(await s.outbox.listDeadLetters()).toEqual([]);
    expect(await s.outbox.deleteDeadLetters({ ids: [letters[0]!.id] })).toBe(0);
  });

  it('go after retention.deadLetterSeconds when one is set', async () => {
    const s = await simulatedOutbox({ retention: { deadLetterMs: 7 * 86_400_000 } });
    server.inject({ kind: 'status', status: 404, body: { message: 'Journey not found', type: 'not_found' } }, { templateId: 'gone-7d' });
    await s.outbox.enqueue('gone-7d', { user_id: 'u-gone-7d' });
    await s.outbox.work({ pollIntervalMs: 500 });
    await driveUntil(s.clock, 'the dead letter', async () => (await s.outbox.listDeadLetters()).length === 1);
    await s.later(6 * DAY_MS);
    await s.maintain();
    expect(await s.outbox.listDeadLetters()).toHaveLength(1);
    await s.later(2 * DAY_MS);
    await s.maintain();
    expect(await s.outbox.listDeadLetters()).toHaveLength(0);
  });
});

describe('personal data at rest', () => {
  const request = { user_id: 'u-private', profile: { email: 'private@example.com', phone_number: '+15550100' }, data: { plan: 'secret-plan' } };
  const personal = /private@example\.com|\+15550100|secret-plan/;

  it('by default, a delivered invocation leaves no request (profile, data) in pg-boss’s tables, and the API key is never stored', async () => {
    const s = await simulatedOutbox();
    const { jobId } = await s.outbox.enqueue('private', request);
    expect((await s.rows()).some((r) => personal.test(r.data))).toBe(true); // stored until delivered: it is what a worker sends
    await s.outbox.work({ pollIntervalMs: 500 });
    await driveUntil(s.clock, 'the delivery', () => server.invocations.some((r) => r.templateId === 'private'));
    await driveUntil(s.clock, 'the job to settle', async () => !(await s.rows(`id = '${jobId}' AND state = 'active'`)).length);

    const stored = await s.rows();
    expect(stored.filter((r) => personal.test(`${r.data} ${r.output}`))).toEqual([]);
    expect(stored.filter((r) => `${r.data} ${r.output}`.includes(API_KEY))).toEqual([]);
  });

  it('a dead letter keeps the request (a replay sends it) but never the API key', async () => {
    const s = await simulatedOutbox();
    server.inject({ kind: 'status', status: 422, body: { message: 'Unprocessable', type: 'invalid' } }, { templateId: 'private-dead' });
    await s.outbox.enqueue('private-dead', request);
    await s.outbox.work({ pollIntervalMs: 500 });
    await driveUntil(s.clock, 'the dead letter', async () => (await s.outbox.listDeadLetters()).length === 1);
    const stored = await s.rows();
    expect(stored.filter((r) => r.name === s.outbox.deadLetterQueue && personal.test(r.data))).toHaveLength(1);
    expect(stored.filter((r) => `${r.data} ${r.output}`.includes(API_KEY))).toEqual([]);
  });

  it('retention.deliveredSeconds keeps a delivered job (request included) that long, then pg-boss’s maintenance deletes it', async () => {
    const s = await simulatedOutbox({ retention: { deliveredMs: 3_600_000 } });
    const { jobId } = await s.outbox.enqueue('private-kept', request);
    await s.outbox.work({ pollIntervalMs: 500 });
    await driveUntil(s.clock, 'the job to complete', async () => (await s.rows(`id = '${jobId}' AND state = 'completed'`)).length === 1);
    expect(personal.test((await s.rows(`id = '${jobId}'`))[0]!.data)).toBe(true);
    await s.later(2 * HOUR_MS);
    await s.maintain();
    expect(await s.rows(`id = '${jobId}'`)).toEqual([]);
  });
});

describe('a queued invocation that waits past its key’s lifetime', () => {
  it('is sent on its first pickup, however late (workers away for horizon + replay window + a day), with a fresh key lifetime, and is delivered once, with no dead letter', async () => {
    const s = await simulatedOutbox({ retry: { horizonMs: 6 * 3_600_000, initialDelayMs: 1000, maxDelayMs: 4000 } });
    const { jobId, idempotencyKey } = await s.outbox.enqueue('outage-past-key', { user_id: 'u-past-key' });
    await s.later(6 * HOUR_MS + 30 * DAY_MS + DAY_MS);
    await s.maintain();
    expect((await s.rows(`id = '${jobId}'`)).map((r) => r.state)).toEqual(['created']);

    // The first attempt meets a transient failure: its retry must use the new lifetime too.
    server.inject({ kind: 'status', status: 503, stored: false }, { templateId: 'outage-past-key', times: 1 });
    const workAt = s.clock.now();
    await s.outbox.work({ pollIntervalMs: 500 });
    await driveUntil(
      s.clock,
      'the delivery or a dead letter',
      async () => server.invocations.some((r) => r.templateId === 'outage-past-key') || (await s.outbox.listDeadLetters()).length > 0,
      { realTimeoutMs: 10_000 },
    );
    expect((await s.outbox.listDeadLetters()).map((l) => l.error.code)).toEqual([]);
    const sent = server.requests.filter((r) => r.templateId === 'outage-past-key');
    expect(sent.map((r) => r.outcome)).toEqual(['injected', 'created']);
    expect(sent.map((r) => r.idempotencyKey)).toEqual([idempotencyKey, idempotencyKey]);
    // The key's lifetime counts from the late pickup: horizon + replay window + margin from now, not from enqueue.
    for (const r of sent) expect(r.idempotencyExpiresAt!.getTime()).toBeGreaterThan(workAt + 30 * DAY_MS);
    expect(server.invocations.filter((r) => r.templateId === 'outage-past-key').map((r) => r.idempotencyKey)).toEqual([idempotencyKey]);
    expect(await s.outbox.listDeadLetters()).toEqual([]);
  });
});
