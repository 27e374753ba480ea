import { describe, expect, it, vi } from 'vitest';
import { JourneysClient, JourneysClosedError, type JourneysCallEvent } from '../src/index.js';
import { json, startLocalServer } from '@journeykit/test-support/local-server';

describe('close()', () => {
  it('lets in-flight calls finish, rejects new ones, then closes the pool', async () => {
    const server = await startLocalServer((_q, res) => setTimeout(() => json(res, 200, { runId: 'late' }), 100));
    const client = new JourneysClient({ apiKey: 'k', baseUrl: server.url });
    const inFlight = Array.from({ length: 5 }, (_, i) => client.invoke('welcome', { user_id: `u${i}` }));
    await new Promise((r) => setTimeout(r, 20));
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
    const client = new JourneysClient({ apiKey: 'k', baseUrl: server.url, retryDelay: 80 });
    const call = client.invoke('welcome', { user_id: 'u1' });
    await new Promise((r) => setTimeout(r, 30));
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

describe('hooks', () => {
  it('report request start, retry with reason and delay, and response with status and duration', async () => {
    let n = 0;
    const server = await startLocalServer((_q, res) => (n++ === 0 ? json(res, 429, {}, { 'retry-after': '0' }) : json(res, 200, { runId: 'r-1' })));
    const log: string[] = [];
    const seen: JourneysCallEvent[] = [];
    const client = new JourneysClient({
      apiKey: 'k',
      baseUrl: server.url,
      retryDelay: 0, // with Retry-After: 0, the wait is the backoff's 0 ms
      hooks: {
        onRequest: (e) => {
          seen.push(e);
          log.push(`request ${e.templateId} #${e.attempt} user=${e.userId}`);
        },
        onRetry: (e) => log.push(`retry #${e.attempt} ${e.reason} ${e.status} in ${e.delayMs}ms (${e.error.code})`),
        onResponse: (e) => log.push(`response #${e.attempt} ${e.status}${e.runId ? ` ${e.runId}` : ''} ${e.durationMs >= 0 ? 'timed' : ''}`),
      },
    });
    await client.invoke('welcome', { user_id: 'u1' }, { idempotencyKey: 'k-1' });
    expect(log).toEqual([
      'request welcome #1 user=u1',
      'response #1 429 timed',
      'retry #1 status 429 in 0ms (ERR_JOURNEYS_API)',
      'request welcome #2 user=u1',
      'response #2 200 r-1 timed',
    ]);
    expect(seen.every((e) => e.idempotencyKey === 'k-1')).toBe(true);
    await client.close();
    await server.close();
  });

  it('a throwing hook is reported as a warning and changes nothing', async () => {
    const server = await startLocalServer();
    // Captured and asserted instead of printed among the test results.
    const warnings: string[] = [];
    const emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation((w: string | Error) => void warnings.push(String(w)));
    const client = new JourneysClient({
      apiKey: 'k',
      baseUrl: server.url,
      hooks: {
        onRequest: () => {
          throw new Error('logger down');
        },
      },
    });
    await expect(client.invoke('welcome', { user_id: 'u1' })).resolves.toEqual({ runId: 'run-1' });
    await new Promise((r) => setImmediate(r));
    emitWarning.mockRestore();
    expect(warnings.some((w) => w.includes('logger down'))).toBe(true);
    await client.close();
    await server.close();
  });

  it('onResponse fires for every complete response, a 2xx without a runId included, then onError', async () => {
    const server = await startLocalServer((_q, res) => json(res, 200, { status: 'ok' }));
    const log: string[] = [];
    const client = new JourneysClient({
      apiKey: 'k',
      baseUrl: server.url,
      hooks: {
        onResponse: (e) => log.push(`response ${e.kind} #${e.attempt} ${e.status} runId=${e.runId}`),
        onError: (e) => log.push(`error ${e.error.code} after ${e.attempt}`),
      },
    });
    const error = await client.invoke('welcome', { user_id: 'u1' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_JOURNEYS_API', status: 200, attempts: 1 });
    expect((error as Error).message).toBe('Courier answered 200 to journey "welcome" without a runId');
    expect(log).toEqual(['response invoke #1 200 runId=undefined', 'error ERR_JOURNEYS_API after 1']);
    await client.close();
    await server.close();
  });

  it('onError reports the final failure once', async () => {
    const server = await startLocalServer((_q, res) => json(res, 404, { message: 'no such journey' }));
    const errors: string[] = [];
    const client = new JourneysClient({
      apiKey: 'k',
      baseUrl: server.url,
      hooks: { onError: (e) => errors.push(`${e.error.code} after ${e.attempt}`) },
    });
    await client.invoke('nope', { user_id: 'u1' }).catch(() => {});
    expect(errors).toEqual(['ERR_JOURNEYS_API after 1']);
    await client.close();
    await server.close();
  });
});
