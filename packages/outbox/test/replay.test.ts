/**
 * Replaying dead letters over days of simulated time, against the real fake Courier on the same
 * clock: a replay keeps the key within its lifetime (Courier replays its stored answer: one run), is
 * refused with a typed error past it, and two replays at once count each letter once.
 */
import { JourneysClient } from '@journeykit/core';
import { startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { JourneysOutbox, JourneysOutboxReplayError, type DeadLetter } from '../src/index.js';
import { freshSchema, testBoss, testPool } from '@journeykit/test-support/postgres';
import { DAY_MS, TestClock, driveUntil } from './support/simulated-time.js';

const API_KEY = 'sk_test_outbox_replay_key';
const pool = testPool();
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
  await pool.end();
});

/** An outbox, its worker and a fake Courier, all on one simulated clock. */
async function setup(): Promise<{ clock: TestClock; outbox: JourneysOutbox; server: FakeCourierServer; later(ms: number): Promise<void> }> {
  const clock = new TestClock();
  const server = await startFakeCourier({ apiKey: API_KEY, clock });
  const client = new JourneysClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 0 });
  const schema = freshSchema();
  const outbox = new JourneysOutbox({
    boss: testBoss(schema, { clock, supervise: false }),
    client,
    clock,
    retry: { horizonMs: 60_000, initialDelayMs: 1000, maxDelayMs: 4000 },
  });
  cleanup.push(
    () => server.close(),
    () => client.close(),
    () => pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`),
    () => outbox.stop(),
  );
  await outbox.start();
  await outbox.work({ concurrency: 4, pollIntervalMs: 500 });
  return { clock, outbox, server, later: (ms) => clock.setTime(clock.now() + ms) };
}

async function lettersFor(s: { clock: TestClock; outbox: JourneysOutbox }, count: number): Promise<DeadLetter[]> {
  let letters: DeadLetter[] = [];
  await driveUntil(s.clock, `${count} dead letters`, async () => (letters = await s.outbox.listDeadLetters()).length >= count);
  return letters;
}

describe('replaying a dead letter whose run may have started (its answer was lost)', () => {
  it('within the key’s lifetime (2 days later): the same key, Courier replays its answer, one run', async () => {
    const s = await setup();
    const lost = s.server.inject({ kind: 'create-then-drop' }, { templateId: 'lost-answer', times: Infinity });
    const { idempotencyKey } = await s.outbox.enqueue('lost-answer', { user_id: 'u-lost' });
    const [letter] = await lettersFor(s, 1);
    expect(letter).toMatchObject({ reason: 'horizon' });
    expect(s.server.invocations).toHaveLength(1); // created by the first attempt; every answer was lost
    expect(letter!.replayableUntil!.getTime()).toBeGreaterThan(s.clock.now() + 29 * DAY_MS);

    lost.cancel();
    await s.later(2 * DAY_MS);
    expect(await s.outbox.replayDeadLetters()).toBe(1);
    await driveUntil(s.clock, 'the replayed delivery', () => s.server.requests.some((r) => r.outcome === 'replayed'));
    expect(s.server.invocations.map((r) => r.idempotencyKey)).toEqual([idempotencyKey]);
  });

  it('past the key’s lifetime: refused with JourneysOutboxReplayError and nothing sent; onExpiredKey: "new-key" replays it knowingly', async () => {
    const s = await setup();
    const lost = s.server.inject({ kind: 'create-then-drop' }, { templateId: 'lost-long-ago', times: Infinity });
    const { idempotencyKey } = await s.outbox.enqueue('lost-long-ago', { user_id: 'u-long-ago' });
    const [letter] = await lettersFor(s, 1);
    lost.cancel();
    await s.later(31 * DAY_MS);

    const error = await s.outbox.replayDeadLetters({ ids: [letter!.id] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysOutboxReplayError);
    expect(error).toMatchObject({ code: 'ERR_JOURNEYS_OUTBOX_REPLAY', replayed: 0, refused: [letter!.id] });
    expect((error as Error).message).toMatch(/second run/);
    expect((await s.outbox.listDeadLetters()).map((l) => l.id)).toEqual([letter!.id]); // still there
    const requests = s.server.requests.length;
    await s.clock.tick(5_000);
    expect(s.server.requests).toHaveLength(requests);

    // The refusal is needed: Courier (the fake, on the same clock) has forgotten the key, so a request
    // with it now starts a second run.
    const raw = await fetch(`${s.server.url}/journeys/lost-long-ago/invoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify({ user_id: 'u-long-ago' }),
    });
    expect(raw.status).toBe(200);
    expect(s.server.requests.at(-1)).toMatchObject({ idempotencyKey, outcome: 'created' });
    expect(s.server.invocations.map((r) => r.idempotencyKey)).toEqual([idempotencyKey, idempotencyKey]);

    // 'skip' replays what is safe and leaves the rest.
    expect(await s.outbox.replayDeadLetters({ onExpiredKey: 'skip' })).toBe(0);
    // The operator checked Courier (no run for this user) and accepts a new key.
    expect(await s.outbox.replayDeadLetters({ ids: [letter!.id], onExpiredKey: 'new-key' })).toBe(1);
    await driveUntil(s.clock, 'the new run', () => s.server.invocations.length === 3);
    expect(s.server.invocations[2]!.idempotencyKey).toMatch(/:replay-1$/);
  });
});

describe('replay counts', () => {
  it('two concurrent replayDeadLetters() calls together report each of 20 letters once, and each is delivered once', async () => {
    const s = await setup();
    const refusal = s.server.inject(
      { kind: 'status', status: 404, body: { message: 'Journey not found', type: 'not_found' } },
      {
        templateId: 'twenty',
        times: Infinity,
      },
    );
    for (let i = 0; i < 20; i++) await s.outbox.enqueue('twenty', { user_id: `u-twenty-${i}` });
    await lettersFor(s, 20);
    refusal.cancel();
    const counts = await Promise.all([s.outbox.replayDeadLetters(), s.outbox.replayDeadLetters()]);
    expect(counts[0] + counts[1]).toBe(20);
    await driveUntil(s.clock, '20 runs', () => s.server.invocations.length === 20);
    expect(await s.outbox.listDeadLetters()).toEqual([]);
    // And nothing more arrives: no second delivery of a letter both calls put back.
    const sent = s.server.requests.filter((r) => r.templateId === 'twenty').length;
    for (let i = 0; i < 10; i++) {
      await s.clock.tick(1_000);
      // Real time on purpose: room for an HTTP round trip, to show NO second delivery arrives.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(s.server.requests.filter((r) => r.templateId === 'twenty')).toHaveLength(sent);
    expect(s.server.invocations).toHaveLength(20);
  });

  it('finds ids beyond the first `limit` letters', async () => {
    const s = await setup();
    s.server.inject({ kind: 'status', status: 404, body: { message: 'Journey not found', type: 'not_found' } }, { templateId: 'five', times: 5 });
    for (let i = 0; i < 5; i++) await s.outbox.enqueue('five', { user_id: `u-five-${i}` });
    const letters = await lettersFor(s, 5);
    const last = letters.at(-1)!;
    expect(await s.outbox.replayDeadLetters({ ids: [last.id], limit: 2 })).toBe(1);
    expect((await s.outbox.listDeadLetters()).map((l) => l.id)).toEqual(letters.slice(0, 4).map((l) => l.id));
  });
});
