/**
 * Exactly-once under the fault idempotency keys exist for: the run is created, then the
 * connection drops before the answer. A few hundred concurrent invocations, no duplicate run,
 * no lost run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JourneysClient } from '@journeykit/core';
import { startFakeCourier, type FakeCourierServer } from '../src/index.js';

const CALLS = 300;
let server: FakeCourierServer;
let client: JourneysClient;

beforeAll(async () => {
  server = await startFakeCourier({ seed: 3 });
  client = new JourneysClient({ apiKey: 'test-key', baseUrl: server.url, retryDelayMs: 5, maxRetries: 10, timeoutMs: 5_000 });
});
afterAll(async () => {
  await client.close();
  await server.close();
});

describe('exactly once', () => {
  it(`${CALLS} concurrent invokes (own keys and generated ones) through create-then-drop and drops: 0 duplicate runs, 0 lost`, async () => {
    server.inject({ kind: 'create-then-drop' }, { times: 200 });
    server.inject({ kind: 'drop' }, { times: 50 });

    // Half pass their own key, half rely on the one the client generates and reuses on each retry.
    const keyOf = (i: number) => (i % 2 === 0 ? `order-${i}-shipped` : undefined);
    const results = await Promise.all(
      Array.from({ length: CALLS }, (_, i) => {
        const key = keyOf(i);
        return client.invoke('order-shipped', { user_id: `u${i}`, data: { order: i } }, key === undefined ? {} : { idempotencyKey: key });
      }),
    );

    // 0 lost: every call resolved, and each run is recorded once, for its own user (one business event per user).
    expect(results).toHaveLength(CALLS);
    expect(server.invocations).toHaveLength(CALLS);
    const runByUser = new Map(server.invocations.map((inv) => [inv.userId, inv]));
    expect(runByUser.size).toBe(CALLS);
    expect(new Set(server.invocations.map((inv) => inv.idempotencyKey)).size).toBe(CALLS);
    results.forEach(({ runId }, i) => {
      const inv = runByUser.get(`u${i}`);
      expect(inv?.runId).toBe(runId);
      expect(inv?.request).toEqual({ user_id: `u${i}`, data: { order: i } });
      expect(inv?.idempotencyKey).toEqual(keyOf(i) ?? expect.stringMatching(/^journeykit-[0-9a-f-]{36}$/));
    });
    // 0 duplicates: one distinct run id per call.
    expect(new Set(results.map((r) => r.runId)).size).toBe(CALLS);

    // Every fault cost exactly one extra attempt, and the record shows each one.
    const count = (status: number | string, outcome: string) => server.requests.filter((r) => r.status === status && r.outcome === outcome).length;
    expect(server.requests).toHaveLength(CALLS + 250);
    expect(count('dropped', 'injected')).toBe(50);
    expect(count('dropped', 'created') + count('dropped', 'replayed')).toBe(200);
    expect(count('dropped', 'created') + count(200, 'created')).toBe(CALLS);
    expect(count(200, 'created') + count(200, 'replayed')).toBe(CALLS);
  });

  it('20 concurrent invokes sharing one key while it executes: 409s, retries, one run for all', async () => {
    server.reset();
    server.inject({ kind: 'delay', durationMs: 150 });
    const sameKey = new JourneysClient({ apiKey: 'test-key', baseUrl: server.url, retryDelayMs: 50, maxRetries: 10 });
    try {
      const results = await Promise.all(
        Array.from({ length: 20 }, () => sameKey.invoke('welcome', { user_id: 'u1' }, { idempotencyKey: 'signup-u1' })),
      );
      expect(new Set(results.map((r) => r.runId))).toEqual(new Set([server.invocations[0]?.runId]));
      expect(server.invocations).toHaveLength(1);
      const outcomes = server.requests.map((r) => r.outcome);
      expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'conflict').length).toBeGreaterThanOrEqual(19);
      expect(outcomes.filter((o) => o === 'replayed')).toHaveLength(19);
    } finally {
      await sameKey.close();
    }
  });
});
