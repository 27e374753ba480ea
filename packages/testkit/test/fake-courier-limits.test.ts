import { describe, expect, it } from 'vitest';
import { startFakeCourier } from '../src/index.js';
import { DEFAULT_KEY_TTL_MS, IdempotencyStore, MAX_KEY_TTL_MS, parseKeyExpiration } from '../src/server/idempotency-store.js';
import { post } from './support/http.js';

const INVOKE = '/journeys/welcome/invoke';

function runIdOf(res: { body: unknown }): string {
  return (res.body as { runId: string }).runId;
}

describe('the fake server keeps a bounded amount, so it can run for days', () => {
  it('keeps the most recent maxRecords requests and runs, and counts what it dropped', async () => {
    await using server = await startFakeCourier({ maxRecords: 3 });
    const runIds: string[] = [];
    for (let i = 0; i < 5; i++) runIds.push(runIdOf(await post(server.url, INVOKE, { user_id: `u${i}` }, { 'idempotency-key': `k${i}` })));
    expect(server.invocations.map((r) => r.runId)).toEqual(runIds.slice(2));
    expect(server.requests.map((r) => r.runId)).toEqual(runIds.slice(2));
    expect(server.dropped).toEqual({ requests: 2, invocations: 2 });
    server.reset();
    expect(server.dropped).toEqual({ requests: 0, invocations: 0 });
  });

  it('forgets the oldest idempotency keys beyond maxIdempotencyKeys, and still replays the recent ones', async () => {
    await using server = await startFakeCourier({ maxIdempotencyKeys: 2 });
    const first = runIdOf(await post(server.url, INVOKE, { user_id: 'u1' }, { 'idempotency-key': 'a' }));
    await post(server.url, INVOKE, { user_id: 'u1' }, { 'idempotency-key': 'b' });
    const third = runIdOf(await post(server.url, INVOKE, { user_id: 'u1' }, { 'idempotency-key': 'c' }));
    expect(server.idempotencyKeys).toBe(2);
    expect(runIdOf(await post(server.url, INVOKE, { user_id: 'u1' }, { 'idempotency-key': 'c' }))).toBe(third);
    expect(runIdOf(await post(server.url, INVOKE, { user_id: 'u1' }, { 'idempotency-key': 'a' }))).not.toBe(first);
    expect(server.requests.map((r) => r.outcome)).toEqual(['created', 'created', 'created', 'replayed', 'created']);
  });

  it('expires a key after idempotencyKeyTtlMs: a later request with it starts a new run', async () => {
    let now = Date.now();
    await using server = await startFakeCourier({ idempotencyKeyTtlMs: 300, clock: { now: () => now } });
    const first = runIdOf(await post(server.url, INVOKE, { user_id: 'u1' }, { 'idempotency-key': 'k' }));
    now += 299;
    expect(runIdOf(await post(server.url, INVOKE, { user_id: 'u1' }, { 'idempotency-key': 'k' }))).toBe(first);
    now += 101;
    expect(runIdOf(await post(server.url, INVOKE, { user_id: 'u1' }, { 'idempotency-key': 'k' }))).not.toBe(first);
  });

  it('honours X-Idempotency-Expiration (Unix seconds or ISO 8601) over the default', async () => {
    let now = Date.now();
    await using server = await startFakeCourier({ idempotencyKeyTtlMs: 200, clock: { now: () => now } });
    const later = new Date(now + 60_000);
    const seconds = runIdOf(
      await post(
        server.url,
        INVOKE,
        { user_id: 'u1' },
        { 'idempotency-key': 's', 'x-idempotency-expiration': String(Math.ceil(later.getTime() / 1000)) },
      ),
    );
    const iso = runIdOf(
      await post(server.url, INVOKE, { user_id: 'u1' }, { 'idempotency-key': 'i', 'x-idempotency-expiration': later.toISOString() }),
    );
    now += 300;
    expect(runIdOf(await post(server.url, INVOKE, { user_id: 'u1' }, { 'idempotency-key': 's' }))).toBe(seconds);
    expect(runIdOf(await post(server.url, INVOKE, { user_id: 'u1' }, { 'idempotency-key': 'i' }))).toBe(iso);
  });

  it('defaults to 25 h like Courier, holds a requested expiration to a year, and ignores unreadable ones', () => {
    const now = Date.UTC(2026, 0, 1);
    const store = new IdempotencyStore();
    expect(store.expiryFor(undefined, now)).toBe(now + DEFAULT_KEY_TTL_MS);
    expect(DEFAULT_KEY_TTL_MS).toBe(25 * 60 * 60 * 1000);
    expect(store.expiryFor(String(now / 1000 + 10 * 365 * 86_400), now)).toBe(now + MAX_KEY_TTL_MS);
    expect(parseKeyExpiration('soon')).toBeUndefined();
    expect(parseKeyExpiration('Aug 18 2026')).toBeUndefined();
    expect(store.expiryFor('soon', now)).toBe(now + DEFAULT_KEY_TTL_MS);
  });

  it('sweeps expired keys nobody asks about again', () => {
    const store = new IdempotencyStore({ ttlMs: 1000, maxKeys: 1_000_000 });
    const t0 = Date.now();
    for (let i = 0; i < 1000; i++) store.begin(`k${i}`, t0 + 1000, t0);
    expect(store.size).toBe(1000);
    store.begin('late', t0 + 120_000 + 1000, t0 + 120_000);
    expect(store.size).toBe(1);
  });

  it.each([
    [{ maxRecords: 0 }, /maxRecords must be a positive whole number, got 0/],
    [{ maxIdempotencyKeys: 1.5 }, /maxIdempotencyKeys must be a positive whole number/],
    [{ idempotencyKeyTtlMs: 2 * MAX_KEY_TTL_MS }, /at most a year/],
  ])('refuses %j', async (options, message) => {
    await expect(startFakeCourier(options)).rejects.toThrow(message);
  });
});
