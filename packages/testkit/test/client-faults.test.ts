/**
 * The fake server driving a real JourneysClient through every injected fault: the client's
 * retries show up in `server.requests`, all with the one idempotency key of the call. Every case
 * runs over both transports (undici, the Node default; fetch, the default on Bun, Deno, workerd and
 * edge runtimes): the pipeline above them is one, so the outcomes must be too.
 */
import { inspect } from 'node:util';
import { eventually } from '@journeykit/test-support/http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  JourneysApiError,
  JourneysClient,
  JourneysConnectionError,
  JourneysResponseTooLargeError,
  JourneysTimeoutError,
  JourneysValidationError,
  type JourneysClientOptions,
  type JourneysError,
} from '@journeykit/core';
import { startFakeCourier, type FakeCourierFault, type FakeCourierServer, type InjectOptions } from '../src/index.js';

let server: FakeCourierServer;
const clients: JourneysClient[] = [];
let transport: 'undici' | 'fetch' = 'undici';
function client(options: JourneysClientOptions = {}): JourneysClient {
  const c = new JourneysClient({ apiKey: 'test-key', baseUrl: server.url, retryDelayMs: 5, maxRetries: 2, timeoutMs: 2_000, transport, ...options });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  server = await startFakeCourier();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  server.reset();
});
afterAll(() => server.close());

type Expected = { runs: number } & ({ ok: true } | { ok: false; error: new (...args: never[]) => JourneysError; status?: number });
interface FaultCase {
  name: string;
  fault: FakeCourierFault;
  inject?: InjectOptions;
  options?: JourneysClientOptions;
  /** What `server.requests` shows, attempt by attempt: "status outcome". */
  requests: string[];
  expected: Expected;
}

const cases: FaultCase[] = [
  {
    name: '429 + Retry-After from a rate limiter in front of Courier (not stored): retried, then created',
    fault: { kind: 'status', status: 429, headers: { 'retry-after': '0' }, stored: false },
    requests: ['429 injected', '200 created'],
    expected: { ok: true, runs: 1 },
  },
  {
    name: '429 stored by Courier: every retry gets it replayed',
    fault: { kind: 'status', status: 429, headers: { 'retry-after': '0' } },
    requests: ['429 injected', '429 replayed', '429 replayed'],
    expected: { ok: false, error: JourneysApiError, status: 429, runs: 0 },
  },
  {
    name: '500 stored by Courier (as Courier stores 500s): replayed to every retry',
    fault: { kind: 'status', status: 500 },
    requests: ['500 injected', '500 replayed', '500 replayed'],
    expected: { ok: false, error: JourneysApiError, status: 500, runs: 0 },
  },
  {
    name: '503 twice from a load balancer (not stored): retried twice, then created',
    fault: { kind: 'status', status: 503, stored: false },
    inject: { times: 2 },
    requests: ['503 injected', '503 injected', '200 created'],
    expected: { ok: true, runs: 1 },
  },
  {
    name: '503 on every attempt: retries spent, JourneysApiError 503',
    fault: { kind: 'status', status: 503, stored: false },
    inject: { times: Infinity },
    requests: ['503 injected', '503 injected', '503 injected'],
    expected: { ok: false, error: JourneysApiError, status: 503, runs: 0 },
  },
  {
    name: '400 is not retried',
    fault: { kind: 'status', status: 400, body: { message: 'bad', type: 'invalid_request_error' } },
    requests: ['400 injected'],
    expected: { ok: false, error: JourneysApiError, status: 400, runs: 0 },
  },
  {
    name: '200 without a runId is an API error, not a crash, and not retried',
    fault: { kind: 'status', status: 200, body: {} },
    requests: ['200 injected'],
    expected: { ok: false, error: JourneysApiError, status: 200, runs: 0 },
  },
  {
    name: 'connection dropped before the response: retried, then created',
    fault: { kind: 'drop' },
    requests: ['dropped injected', '200 created'],
    expected: { ok: true, runs: 1 },
  },
  {
    name: 'connection dropped on every attempt: JourneysConnectionError',
    fault: { kind: 'drop' },
    inject: { times: Infinity },
    requests: ['dropped injected', 'dropped injected', 'dropped injected'],
    expected: { ok: false, error: JourneysConnectionError, runs: 0 },
  },
  {
    name: 'stall: the attempt times out, the retry creates the run',
    fault: { kind: 'stall' },
    // Long enough that the retry's own answer fits in it on a loaded CI machine.
    options: { timeoutMs: 1000 },
    requests: ['stalled injected', '200 created'],
    expected: { ok: true, runs: 1 },
  },
  {
    name: 'stall on every attempt: JourneysTimeoutError',
    fault: { kind: 'stall' },
    inject: { times: Infinity },
    // Each retry opens a new connection: at 100 ms a loaded machine could cut one before the server saw it.
    options: { timeoutMs: 400 },
    requests: ['stalled injected', 'stalled injected', 'stalled injected'],
    expected: { ok: false, error: JourneysTimeoutError, runs: 0 },
  },
  {
    name: 'slow body within the timeout: one attempt',
    fault: { kind: 'slow-body', durationMs: 100 },
    requests: ['200 created'],
    expected: { ok: true, runs: 1 },
  },
  {
    name: 'slow body past the timeout: the run exists, the retry gets it replayed',
    // The first request creates the run at once and trickles its body past the deadline; the retry has a second.
    fault: { kind: 'slow-body', durationMs: 2500 },
    options: { timeoutMs: 1000 },
    requests: ['200 created', '200 replayed'],
    expected: { ok: true, runs: 1 },
  },
  {
    name: 'create then drop: the retry gets the same run replayed',
    fault: { kind: 'create-then-drop' },
    requests: ['dropped created', '200 replayed'],
    expected: { ok: true, runs: 1 },
  },
  {
    name: 'delay past the timeout: 409 while the key executes, then the stored run',
    // The second attempt comes while the first is still held (409); the third after it ended (replayed).
    // A second of room on each side of every step, and for each answer: this flaked at 400 ms on a loaded machine.
    fault: { kind: 'delay', durationMs: 2000 },
    options: { timeoutMs: 1000, retryDelayMs: (attempt) => (attempt === 1 ? 5 : 2000) },
    // The delayed first attempt is recorded when it finishes, after the retry's 409.
    requests: ['409 conflict', '200 created', '200 replayed'],
    expected: { ok: true, runs: 1 },
  },
];

describe.each(['undici', 'fetch'] as const)('a real JourneysClient (%s transport) through every injected fault', (name) => {
  beforeAll(() => {
    transport = name;
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    server.inject(c.fault, c.inject);
    const outcome = await client(c.options)
      .invoke('welcome', { user_id: 'u1' })
      .then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      );

    // The server may log the last request a moment after the client gave up on it.
    await eventually(() => expect(server.requests.map((r) => `${r.status} ${r.outcome}`)).toEqual(c.requests));
    expect(server.requests.every((r) => r.fault === c.fault.kind || r.fault === undefined)).toBe(true);
    // Every retry carried the call's one idempotency key.
    expect(new Set(server.requests.map((r) => r.idempotencyKey)).size).toBe(1);
    expect(server.invocations).toHaveLength(c.expected.runs);

    if (c.expected.ok) {
      expect(outcome.ok).toBe(true);
      if (outcome.ok) expect(outcome.value.runId).toBe(server.invocations[0]?.runId);
    } else {
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) {
        expect(outcome.error).toBeInstanceOf(c.expected.error);
        expect((outcome.error as JourneysError).attempts).toBe(c.requests.length);
        if (c.expected.status !== undefined) expect((outcome.error as JourneysApiError).status).toBe(c.expected.status);
      }
    }
  });

  it('honours Retry-After (capped by maxRetryAfterMs) before retrying', async () => {
    server.inject({ kind: 'status', status: 429, headers: { 'retry-after': '5' }, stored: false });
    const started = Date.now();
    await client({ maxRetryAfterMs: 300 }).invoke('welcome', { user_id: 'u1' });
    const waited = server.requests[1]!.at.getTime() - server.requests[0]!.at.getTime();
    expect(waited).toBeGreaterThanOrEqual(280);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it('a fault for one template leaves the others alone', async () => {
    server.inject({ kind: 'drop' }, { templateId: 'welcome', times: Infinity });
    const c = client({ maxRetries: 1 });
    await expect(c.invoke('digest', { user_id: 'u1' })).resolves.toHaveProperty('runId');
    await expect(c.invoke('welcome', { user_id: 'u1' })).rejects.toBeInstanceOf(JourneysConnectionError);
    expect(server.requests.map((r) => `${r.templateId} ${r.status}`)).toEqual(['digest 200', 'welcome dropped', 'welcome dropped']);
  });

  it('a wrong API key is a 401 JourneysApiError, not retried, and the key is not echoed', async () => {
    const error = await client({ apiKey: 'sk_wrong_key' })
      .invoke('welcome', { user_id: 'u1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysApiError);
    expect((error as JourneysApiError).status).toBe(401);
    expect(JSON.stringify((error as JourneysApiError).body)).not.toContain('sk_wrong_key');
    expect(server.requests.map((r) => `${r.status} ${r.outcome}`)).toEqual(['401 rejected']);
  });

  it('the request id of the failed response reaches the error', async () => {
    server.inject({ kind: 'status', status: 500 });
    const error = (await client({ maxRetries: 0 })
      .invoke('welcome', { user_id: 'u1' })
      .catch((e: unknown) => e)) as JourneysApiError;
    expect(error.requestId).toMatch(/^fake-\d+$/);
    expect(error.body).toEqual({ message: 'Internal Server Error', type: 'api_error' });
  });

  it('bad input is a JourneysValidationError and nothing is sent', async () => {
    const error = await client()
      .invoke('welcome', { user_id: '' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysValidationError);
    expect(server.requests).toHaveLength(0);
  });

  it('an answer over maxResponseBytes is a JourneysResponseTooLargeError, not retried', async () => {
    server.inject({ kind: 'status', status: 200, body: { runId: 'r'.repeat(5_000) } });
    const error = await client({ maxResponseBytes: 1_000 })
      .invoke('welcome', { user_id: 'u1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysResponseTooLargeError);
    expect((error as JourneysError).attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it('a server that echoes the key: the key is in no error message, body or inspect output', async () => {
    server.inject({ kind: 'status', status: 500, body: { message: 'bad token test-key', echoed: 'Bearer test-key' } }, { times: Infinity });
    const error = (await client()
      .invoke('welcome', { user_id: 'u1' })
      .catch((e: unknown) => e)) as JourneysApiError;
    expect(error).toBeInstanceOf(JourneysApiError);
    expect(error.attempts).toBe(3);
    expect(new Set(server.requests.map((r) => r.idempotencyKey)).size).toBe(1);
    for (const text of [error.message, JSON.stringify(error.body), inspect(error, { depth: 10 }), JSON.stringify(error)]) {
      expect(text).not.toContain('test-key');
    }
  });
});
