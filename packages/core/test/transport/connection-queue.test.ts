import { eventually } from '@journeykit/test-support/http';
import { Pool } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import {
  JourneysAbortError,
  JourneysClient,
  defaults,
  JourneysQueueTimeoutError,
  JourneysTimeoutError,
  type JourneysClientOptions,
} from '../../src/index.js';
import { journeysErrorBody } from '../../src/internal.js';
import { json, startLocalServer, type LocalServer, type Responder } from '@journeykit/test-support/local-server';

const servers: LocalServer[] = [];
const clients: JourneysClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup(respond: Responder, options: Partial<JourneysClientOptions> = {}) {
  const server = await startLocalServer(respond);
  servers.push(server);
  const client = new JourneysClient({ apiKey: 'sk_test_queue', baseUrl: server.url, retryDelayMs: 1, ...options });
  clients.push(client);
  return { server, client };
}

/** Answers 200 after `ms`. */
const after =
  (ms: number): Responder =>
  (_q, res) =>
    setTimeout(() => json(res, 200, { runId: 'run-q' }), ms);

const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

describe('the connection limit holds, and the queue in front of it', () => {
  it('never opens more sockets than `connections`, and reuses them for every call', async () => {
    const { server, client } = await setup(after(20), { connections: 4 });
    const results = await Promise.all(Array.from({ length: 60 }, () => client.invoke('welcome', { user_id: 'u1' })));
    expect(results.every((r) => r.runId === 'run-q')).toBe(true);
    expect(server.connectionStats()).toEqual({ opened: 4, peak: 4 });
  });

  it('the default pool is bounded too: 1,000 concurrent calls use at most defaults.connections sockets', async () => {
    const { server, client } = await setup(after(5));
    const results = await Promise.all(Array.from({ length: 1_000 }, () => settle(client.invoke('welcome', { user_id: 'u1' }))));
    expect(results.filter((r) => 'error' in r)).toEqual([]);
    expect(defaults.connections).toBe(64);
    expect(server.connectionStats().peak).toBeLessThanOrEqual(defaults.connections);
    expect(server.connectionStats().opened).toBeLessThanOrEqual(defaults.connections);
  });

  it('an attempt that outwaits queueTimeoutMs leaves the queue unsent: typed error, no socket touched, not retried', async () => {
    const { server, client } = await setup(after(400), { connections: 2, queueTimeoutMs: 100, timeoutMs: 5_000 });
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => settle(client.invoke('welcome', { user_id: 'u1' }))));
    const sent = outcomes.filter((o) => 'value' in o);
    const queued = outcomes.map((o) => ('error' in o ? o.error : undefined)).filter((e) => e !== undefined);
    expect(sent).toHaveLength(2);
    expect(queued).toHaveLength(4);
    for (const error of queued) {
      expect(error).toBeInstanceOf(JourneysQueueTimeoutError);
      expect(error).toMatchObject({ code: 'ERR_JOURNEYS_QUEUE_TIMEOUT', attempts: 0, queueTimeoutMs: 100, connections: 2 });
      expect((error as Error).message).not.toContain('did not answer');
      expect(journeysErrorBody(error as JourneysQueueTimeoutError).statusCode).toBe(503);
    }
    // Only the two sent attempts reached the server, over the two sockets they were sent on.
    expect(server.requests).toHaveLength(2);
    expect(server.connectionStats()).toEqual({ opened: 2, peak: 2 });
    // The queue is empty again and the sockets are healthy: the next call reuses one.
    await expect(client.invoke('welcome', { user_id: 'u1' })).resolves.toEqual({ runId: 'run-q' });
    expect(server.connectionStats().opened).toBe(2);
  });

  it('an attempt aborted while queued leaves the queue unsent and the socket it waited for stays healthy', async () => {
    const { server, client } = await setup(after(300), { connections: 1 });
    const first = client.invoke('welcome', { user_id: 'u1' });
    const controller = new AbortController();
    const second = settle(client.invoke('welcome', { user_id: 'u2' }, { signal: controller.signal }));
    // The first request holds the one connection (the server has it), so the second waits in the queue: abort it there.
    await eventually(() => expect(server.requests).toHaveLength(1));
    controller.abort(new Error('caller gave up'));
    await expect(first).resolves.toEqual({ runId: 'run-q' });
    const { error } = (await second) as { error: JourneysAbortError };
    expect(error).toBeInstanceOf(JourneysAbortError);
    expect(error.attempts).toBe(1);
    await expect(client.invoke('welcome', { user_id: 'u3' })).resolves.toEqual({ runId: 'run-q' });
    expect(server.requests.map((r) => JSON.parse(r.body).user_id)).toEqual(['u1', 'u3']);
    expect(server.connectionStats()).toEqual({ opened: 1, peak: 1 });
  });
});

describe('timeoutMs starts when an attempt is sent, not when it is queued', () => {
  it('time spent waiting for a free connection does not count: four 250 ms calls in a row on one socket, timeoutMs 700', async () => {
    // The last call ends about 1,000 ms after it was made, well past timeoutMs; each attempt has 450 ms to spare.
    const { server, client } = await setup(after(250), { connections: 1, timeoutMs: 700, maxRetries: 0 });
    const results = await Promise.all(Array.from({ length: 4 }, () => settle(client.invoke('welcome', { user_id: 'u1' }))));
    expect(results).toEqual(Array.from({ length: 4 }, () => ({ value: { runId: 'run-q' } })));
    expect(server.connectionStats()).toEqual({ opened: 1, peak: 1 });
  });

  it('once sent, timeoutMs covers the response: a stalled answer times out as "did not answer", and the next queued call goes on', async () => {
    let n = 0;
    const { server, client } = await setup((q, res, socket) => (n++ === 0 ? undefined : after(10)(q, res, socket)), {
      connections: 1,
      timeoutMs: 800,
      maxRetries: 0,
    });
    const stalled = settle(client.invoke('welcome', { user_id: 'u1' }));
    const next = settle(client.invoke('welcome', { user_id: 'u2' }));
    const { error } = (await stalled) as { error: JourneysTimeoutError };
    expect(error).toBeInstanceOf(JourneysTimeoutError);
    expect(error).toMatchObject({ code: 'ERR_JOURNEYS_TIMEOUT', attempts: 1 });
    expect(await next).toEqual({ value: { runId: 'run-q' } });
    expect(server.requests).toHaveLength(2);
    // The stalled socket was closed (a response may still be coming on it); one new socket replaced it.
    expect(server.connectionStats().peak).toBe(1);
  });

  it('onRequest fires when the attempt is sent, and durationMs does not include the wait', async () => {
    const sentAt: Record<string, number> = {};
    const answeredAt: Record<string, number> = {};
    const durations: Record<string, number> = {};
    const start = performance.now();
    const { client } = await setup(after(200), {
      connections: 1,
      hooks: {
        onRequest: (e) => {
          sentAt[String(e.userId)] = performance.now() - start;
        },
        onResponse: (e) => {
          answeredAt[String(e.userId)] = performance.now() - start;
          durations[String(e.userId)] = e.durationMs;
        },
      },
    });
    await Promise.all([client.invoke('welcome', { user_id: 'a' }), client.invoke('welcome', { user_id: 'b' })]);
    // b waited for a's answer (about 200 ms) before it was sent, and its duration starts there.
    const waited = Number(sentAt.b) - Number(sentAt.a);
    expect(waited).toBeGreaterThanOrEqual(150);
    // Measured against the clock rather than a fixed bound, so a loaded machine cannot fail it: b's duration
    // fits between its send and its answer, so the wait (at least 150 ms) before it was sent is not in it.
    expect(Object.keys(durations).sort()).toEqual(['a', 'b']);
    expect(Number(durations.b)).toBeLessThanOrEqual(Number(answeredAt.b) - Number(sentAt.b));
  });
});

describe('timeoutMs is the only deadline', () => {
  it('undici header and body timeouts of the dispatcher do not cut a longer timeoutMs short', async () => {
    const server = await startLocalServer((_q, res) => {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '16' });
        res.write('{"runId":');
        setTimeout(() => res.end('"late"}'), 1_500);
      }, 1_500);
    });
    servers.push(server);
    // A dispatcher whose own timeouts are shorter than the call's: the client's deadline decides.
    // (undici checks these timeouts about once a second, hence answers 1.5 s apart.)
    const dispatcher = new Pool(server.url, { headersTimeout: 150, bodyTimeout: 150 });
    const client = new JourneysClient({ apiKey: 'sk_test_queue', baseUrl: server.url, dispatcher, timeoutMs: 6_000, maxRetries: 0 });
    clients.push(client);
    await expect(client.invoke('welcome', { user_id: 'u1' })).resolves.toEqual({ runId: 'late' });
    await dispatcher.close();
  });

  it('the same call with a timeoutMs shorter than the answer times out with that timeoutMs', async () => {
    const { client } = await setup(after(600), { timeoutMs: 200, maxRetries: 0 });
    await expect(client.invoke('welcome', { user_id: 'u1' })).rejects.toMatchObject({ code: 'ERR_JOURNEYS_TIMEOUT', timeoutMs: 200 });
  });
});
