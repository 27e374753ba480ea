import { JourneysClient, JourneysError } from '@journeykit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeCourier, type FakeCourierServer } from '../src/index.js';

let server: FakeCourierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('chaos: random faults', () => {
  it('hits about `rate` of the requests with the default mix, reproducibly for a seed', async () => {
    const kinds = async (seed: number) => {
      server = await startFakeCourier({ chaos: { rate: 0.5, seed } });
      const client = new JourneysClient({ apiKey: 'test-key', baseUrl: server.url, maxRetries: 0, timeoutMs: 100 });
      for (let i = 0; i < 120; i++) await client.invoke('welcome', { user_id: `u${i}` }).catch(() => {});
      await client.close();
      const seen = server.requests.map((r) => r.fault ?? 'none');
      await server.close();
      server = undefined;
      return seen;
    };
    const first = await kinds(11);
    const hit = first.filter((k) => k !== 'none').length;
    expect(hit).toBeGreaterThan(35);
    expect(hit).toBeLessThan(85);
    expect(new Set(first)).toEqual(new Set(['none', 'drop', 'create-then-drop', 'status', 'stall', 'slow-body']));
    expect(await kinds(11)).toEqual(first);
  });

  it('a client with retries loses nothing and duplicates nothing under chaos', async () => {
    server = await startFakeCourier({ chaos: { rate: 0.3, seed: 5 } });
    // A generous timeout: on a loaded machine a healthy answer must not count as a stall.
    const client = new JourneysClient({ apiKey: 'test-key', baseUrl: server.url, retryDelayMs: 1, maxRetries: 10, timeoutMs: 1_000 });
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => client.invoke('welcome', { user_id: `u${i}` }, { idempotencyKey: `k-${i}` })),
    );
    await client.close();
    const runs = new Map(server.invocations.map((inv) => [inv.idempotencyKey, inv.runId]));
    expect(server.invocations.length).toBe(runs.size); // no key ran twice
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') expect(r.value.runId).toBe(runs.get(`k-${i}`));
      else expect(r.reason).toBeInstanceOf(JourneysError);
    });
    // Eleven faulted attempts in a row (0.3^11) is all but impossible: nearly every call succeeds.
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(195);
  });

  it('injected faults come first; chaos(undefined) and reset() stop it', async () => {
    server = await startFakeCourier({ chaos: { rate: 1, faults: [{ kind: 'status', status: 503, stored: false }] } });
    server.inject({ kind: 'status', status: 429, stored: false });
    const client = new JourneysClient({ apiKey: 'test-key', baseUrl: server.url, maxRetries: 0 });
    const statuses = async () =>
      client.invoke('welcome', { user_id: 'u' }).then(
        () => 200,
        (e: { status: number }) => e.status,
      );
    expect([await statuses(), await statuses()]).toEqual([429, 503]);
    server.chaos(undefined);
    expect(await statuses()).toBe(200);
    server.chaos({ rate: 1, faults: [{ kind: 'status', status: 500, stored: false }] });
    expect(await statuses()).toBe(500);
    server.reset();
    expect(await statuses()).toBe(200);
    await client.close();
  });

  it('refuses bad settings with a message that says what to pass', async () => {
    await expect(startFakeCourier({ chaos: { rate: 2 } })).rejects.toThrow(/chaos.rate must be a number from 0 to 1/);
    await expect(startFakeCourier({ chaos: { rate: 0.1, faults: [] } })).rejects.toThrow(/non-empty array/);
    await expect(startFakeCourier({ chaos: { rate: 0.1, faults: [{ kind: 'nope' } as never] } })).rejects.toThrow(/unknown fault kind/);
  });
});
