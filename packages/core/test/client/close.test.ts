import { describe, expect, it } from 'vitest';
import { JourneysClient, JourneysClosedError } from '../../src/index.js';
import { json, startLocalServer } from '@journeykit/test-support/local-server';
import { eventually } from '@journeykit/test-support/http';

describe('close()', () => {
  it('lets in-flight calls finish, rejects new ones, then closes the pool', async () => {
    const server = await startLocalServer((_q, res) => setTimeout(() => json(res, 200, { runId: 'late' }), 100));
    const client = new JourneysClient({ apiKey: 'k', baseUrl: server.url });
    const inFlight = Array.from({ length: 5 }, (_, i) => client.invoke('welcome', { user_id: `u${i}` }));
    await eventually(() => expect(server.requests).toHaveLength(5)); // all five are in flight
    const closing = client.close();
    const rejected = await client.invoke('welcome', { user_id: 'late' }).catch((e) => e);
    expect(rejected).toBeInstanceOf(JourneysClosedError);
    expect(rejected.message).toMatch(/closed; invoke was not sent. Create a new client/);
    const results = await Promise.all(inFlight);
    expect(results.map((r) => r.runId)).toEqual(Array(5).fill('late'));
    expect(server.openConnections()).toBeGreaterThan(0);
    await closing;
    expect(client.close()).toBe(closing); // idempotent
    expect(server.requests).toHaveLength(5);
    // The pool is closed: every keep-alive connection to the server is gone.
    for (let i = 0; i < 50 && server.openConnections() > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(server.openConnections()).toBe(0);
    await server.close();
  });

  it('waits for calls that are in a backoff wait', async () => {
    let n = 0;
    const server = await startLocalServer((_q, res) => (n++ === 0 ? json(res, 503, {}) : json(res, 200, { runId: 'after-retry' })));
    let backingOff!: () => void;
    const inBackoff = new Promise<void>((resolve) => (backingOff = resolve));
    const client = new JourneysClient({ apiKey: 'k', baseUrl: server.url, retryDelayMs: 80, hooks: { onRetry: () => backingOff() } });
    const call = client.invoke('welcome', { user_id: 'u1' });
    await inBackoff;
    await client.close();
    await expect(call).resolves.toEqual({ runId: 'after-retry' });
    await server.close();
  });

  it('Symbol.asyncDispose closes the client (for `await using`)', async () => {
    const server = await startLocalServer();
    const client = new JourneysClient({ apiKey: 'k', baseUrl: server.url });
    await client.invoke('welcome', { user_id: 'u1' });
    await client[Symbol.asyncDispose]();
    await expect(client.invoke('welcome', { user_id: 'u1' })).rejects.toBeInstanceOf(JourneysClosedError);
    await server.close();
  });

  it('closes a client that never sent anything', async () => {
    await expect(new JourneysClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9' }).close()).resolves.toBeUndefined();
  });

  it('does not close an injected dispatcher', async () => {
    const server = await startLocalServer();
    const { Pool } = await import('undici');
    const pool = new Pool(server.url);
    const client = new JourneysClient({ apiKey: 'k', baseUrl: server.url, dispatcher: pool });
    await client.invoke('welcome', { user_id: 'u1' });
    await client.close();
    expect(pool.closed).toBe(false);
    await pool.close();
    await server.close();
  });
});
