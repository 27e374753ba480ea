import { describe, expect, it } from 'vitest';
import { JourneysClient, JourneysError } from '../src/index.js';
import { startIdempotentServer } from './support/idempotent-server.js';

describe('exactly once under "create the run, then drop the connection"', () => {
  it('hundreds of concurrent invokes: zero duplicate runs, zero lost', async () => {
    const server = await startIdempotentServer({ dropRate: 0.3, dropBeforeRate: 0.1, seed: 7 });
    const client = new JourneysClient({ apiKey: 'sk_test_once', baseUrl: server.url, retryDelay: 2, maxRetries: 8, connections: 32 });
    const calls = 400;
    const results = await Promise.allSettled(
      Array.from({ length: calls }, (_, i) =>
        // Half pass their own key, half rely on the generated one.
        client.invoke('welcome', { user_id: `u${i}` }, i % 2 === 0 ? { idempotencyKey: `signup-${i}` } : {}),
      ),
    );
    await client.close();
    await server.close();

    // Counted per business event (the user), so a retry under a different key would show up too.
    const duplicates = [...server.runsByUser.values()].filter((runs) => runs.length > 1);
    expect(duplicates).toEqual([]);
    const retried = server.requests.length - calls;
    expect(retried).toBeGreaterThan(100); // the faults really happened
    let lost = 0;
    results.forEach((result, i) => {
      const runs = server.runsByUser.get(`u${i}`) ?? [];
      if (result.status === 'fulfilled') {
        // resolved with exactly the run the server created for this key
        if (runs.length !== 1 || result.value.runId !== runs[0]) lost++;
      } else if (!(result.reason instanceof JourneysError)) {
        lost++;
      }
    });
    expect(lost).toBe(0);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(calls);
  });

  it('generated keys are reused by every retry of one call', async () => {
    const server = await startIdempotentServer({ dropRate: 1, seed: 3 });
    const client = new JourneysClient({ apiKey: 'k', baseUrl: server.url, retryDelay: 1 });
    const { runId } = await client.invoke('welcome', { user_id: 'u1' });
    await client.close();
    await server.close();
    expect(server.runsByKey.size).toBe(1);
    expect([...server.runsByKey.values()][0]).toEqual([runId]);
    expect(server.requests.length).toBe(2); // dropped after creating, then replayed
  });
});
