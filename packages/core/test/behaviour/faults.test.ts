import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@journeykit/test-support/http';
import {
  JourneysAbortError,
  JourneysApiError,
  JourneysConnectionError,
  JourneysResponseTooLargeError,
  JourneysError,
  JourneysTimeoutError,
  type JourneysClientOptions,
} from '../../src/index.js';
import { json, startLocalServer, type Responder } from '@journeykit/test-support/local-server';
import { useScriptedServer } from '../support/scripted-server.js';

// The transport is set per block below: the faults that any transport meets run over both.
const defaults: JourneysClientOptions = { apiKey: 'sk_test_faults', retryDelayMs: 1, timeoutMs: 2_000 };
const { server, client, script } = useScriptedServer(defaults);
const ok: Responder = (_req, res) => json(res, 200, { runId: 'run-ok' });
const status =
  (code: number, body: unknown = { message: `status ${code}` }, headers: Record<string, string> = {}): Responder =>
  (_req, res) =>
    json(res, code, body, headers);
const stall: Responder = () => {};
const destroy: Responder = (_req, _res, socket) => socket.destroy();
const destroyMidBody: Responder = (_req, res, socket) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
  res.write('{"runId":"ha', () => setTimeout(() => socket.destroy(), 5));
};
const stallMidBody: Responder = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
  res.write('{"runId":"ha');
};
const keys = () => server.requests.map((r) => r.headers['idempotency-key']);

describe.each(['undici', 'fetch'] as const)('over the %s transport', (transport) => {
  beforeAll(() => {
    defaults.transport = transport;
  });
  afterAll(() => {
    delete defaults.transport;
  });

  describe('retried faults end in success with one idempotency key', () => {
    // Only the stalls need a short deadline to end. The others get the long one: the first fetch of a process
    // loads Node's fetch on the way, and on a busy machine that outlasted 150 ms, so the first attempt timed
    // out unsent and the two 503s used up the retries.
    const cases: [string, Responder[], number][] = [
      ['503 twice then 200', [status(503), status(503), ok], 2_000],
      ['429 then 200', [status(429), ok], 2_000],
      ['408 then 200', [status(408), ok], 2_000],
      ['409 (same key still executing) then 200', [status(409), ok], 2_000],
      ['500 then 200', [status(500), ok], 2_000],
      ['502 with an HTML body then 200', [(_q, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>'), ok], 2_000],
      ['socket destroyed before the response, then 200', [destroy, ok], 2_000],
      ['socket destroyed mid-body, then 200', [destroyMidBody, ok], 2_000],
      // Long enough that the 200 after the stall is in time on a busy machine (the first fetch of a process loads it).
      ['stall before headers, then 200', [stall, ok], 1_000],
      ['stall mid-body, then 200', [stallMidBody, ok], 1_000],
    ];
    it.each(cases)('%s', async (_name, steps, timeoutMs) => {
      script(...steps);
      const { runId } = await client({ timeoutMs }).invoke('welcome', { user_id: 'u1' });
      expect(runId).toBe('run-ok');
      expect(server.requests).toHaveLength(steps.length);
      expect(new Set(keys()).size).toBe(1);
    });
  });

  describe('faults that outlast the retries end in a typed error', () => {
    // The stalls need a short deadline to end; the others get a long one, so that a busy machine
    // cannot turn a destroyed socket into a timeout before the destroy arrives (seen in CI on Node 24).
    const cases: [string, Responder, number, new (...args: never[]) => JourneysError, RegExp, number][] = [
      ['503 every time', status(503), 3, JourneysApiError, /Courier answered 503/, 10_000],
      ['socket destroyed every time', destroy, 3, JourneysConnectionError, /Connection to http:\/\/127\.0\.0\.1:\d+ failed/, 10_000],
      ['destroyed mid-body every time', destroyMidBody, 3, JourneysConnectionError, /failed/, 10_000],
      // 400 ms, not less: each retry opens a new connection, and on a loaded CI machine an attempt cut at 100 ms
      // could end before its request reached the server (seen on Node 20 in CI).
      ['stall before headers every time', stall, 3, JourneysTimeoutError, /did not answer within 400 ms/, 400],
      ['stall mid-body every time', stallMidBody, 3, JourneysTimeoutError, /did not answer within 400 ms/, 400],
    ];
    it.each(cases)('%s', async (_name, responder, requests, ErrorClass, message, timeoutMs) => {
      script(responder);
      const error = await client({ timeoutMs })
        .invoke('welcome', { user_id: 'u1' })
        .catch((e) => e);
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error.message).toMatch(message);
      expect(error.attempts).toBe(3);
      // The server may log the last attempt's request a moment after the client gave up on it.
      await eventually(() => expect(server.requests).toHaveLength(requests));
      expect(new Set(keys()).size).toBe(1);
    });

    it('maxRetries per call overrides the client default', async () => {
      script(status(503));
      const error = await client({ maxRetries: 5 })
        .invoke('welcome', { user_id: 'u1' }, { maxRetries: 0 })
        .catch((e) => e);
      expect(error).toBeInstanceOf(JourneysApiError);
      expect(server.requests).toHaveLength(1);
    });
  });

  describe('answers that are not retried', () => {
    const cases: [number, unknown][] = [
      [400, { message: 'Invalid request: user_id', type: 'invalid_request_error' }],
      [401, { message: 'Unauthorized' }],
      [403, { message: 'Forbidden' }],
      [404, { message: 'Journey not found' }],
      [422, { message: 'Unprocessable' }],
    ];
    it.each(cases)('%i is a JourneysApiError after one request', async (code, body) => {
      script(status(code, body, { 'x-request-id': `req-${code}` }));
      const error = await client()
        .invoke('welcome', { user_id: 'u1' })
        .catch((e) => e);
      expect(error).toBeInstanceOf(JourneysApiError);
      expect(error).toMatchObject({ status: code, body, requestId: `req-${code}`, code: 'ERR_JOURNEYS_API', attempts: 1 });
      expect(error.message).toContain((body as { message: string }).message);
      expect(server.requests).toHaveLength(1);
    });

    it.each([
      [
        'non-JSON 200',
        (_q: unknown, res: import('node:http').ServerResponse) => res.writeHead(200).end('<html>ok</html>'),
        /not JSON/,
        '<html>ok</html>',
      ],
      ['200 without runId', status(200, { ok: true }), /without a runId/, { ok: true }],
      ['200 with a numeric runId', status(200, { runId: 42 }), /without a runId/, { runId: 42 }],
      ['200 with an empty body', (_q: unknown, res: import('node:http').ServerResponse) => res.writeHead(200).end(), /not JSON/, undefined],
    ] as [string, Responder, RegExp, unknown][])('%s is a JourneysApiError, not a crash', async (_name, responder, message, body) => {
      script(responder);
      const error = await client()
        .invoke('welcome', { user_id: 'u1' })
        .catch((e) => e);
      expect(error).toBeInstanceOf(JourneysApiError);
      expect(error.status).toBe(200);
      expect(error.body).toEqual(body);
      expect(error.message).toMatch(message);
      expect(server.requests).toHaveLength(1);
    });

    it('a response body over maxResponseBytes is cut off with its own typed error, not retried', async () => {
      script((_q, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        let sent = 0;
        const pump = () => {
          // An endless body: the client must stop reading, not buffer it all.
          while (sent < 50 && res.write(chunk)) sent++;
          if (sent < 50 && !res.destroyed) res.once('drain', pump);
        };
        pump();
      });
      const error = await client({ maxResponseBytes: 100_000 })
        .invoke('welcome', { user_id: 'u1' })
        .catch((e) => e);
      expect(error).toBeInstanceOf(JourneysResponseTooLargeError);
      expect(error).toMatchObject({ code: 'ERR_JOURNEYS_RESPONSE_TOO_LARGE', maxResponseBytes: 100_000, attempts: 1 });
      expect(error.message).toMatch(/larger than 100000 bytes/);
      expect(server.requests).toHaveLength(1);
    });
    it('a compressed answer is capped by its decoded size, not by its Content-Length', async () => {
      // fetch asks for gzip and decodes it by itself (undici's dispatch asks for nothing): 5 MB of JSON
      // gzipped to a few KB must still be a JourneysResponseTooLargeError.
      const big = Buffer.from(JSON.stringify({ runId: 'r'.repeat(5_000_000) }));
      const gzipped = gzipSync(big);
      script((req, res) => {
        const zipped = /gzip/.test(String(req.headers['accept-encoding'] ?? ''));
        const body = zipped ? gzipped : big;
        res.writeHead(200, {
          'content-type': 'application/json',
          'content-length': String(body.length),
          ...(zipped ? { 'content-encoding': 'gzip' } : {}),
        });
        res.end(body);
      });
      const error = await client({ maxResponseBytes: 100_000 })
        .invoke('welcome', { user_id: 'u1' })
        .catch((e) => e);
      expect(error).toBeInstanceOf(JourneysResponseTooLargeError);
      expect(server.requests).toHaveLength(1);
    });
  });

  describe('Retry-After', () => {
    it.each([
      ['0', 'a server asking for an immediate retry'],
      ['soon 10', 'a value that is not an RFC 9110 form (Date.parse reads it as 2001)'],
      ['Thu, 01 Jan 1970 00:00:00 GMT', 'a date in the past'],
    ])('Retry-After: %j (%s) never retries sooner than the backoff', async (retryAfter) => {
      script(status(429, {}, { 'retry-after': retryAfter }), status(429, {}, { 'retry-after': retryAfter }), ok);
      const delays: number[] = [];
      const started = Date.now();
      await client({ retryDelayMs: 150, hooks: { onRetry: (e) => delays.push(e.delayMs) } }).invoke('welcome', { user_id: 'u1' });
      expect(delays).toEqual([150, 150]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(server.requests).toHaveLength(3);
    });

    it('is honoured in seconds', async () => {
      script(status(429, { message: 'slow down' }, { 'retry-after': '1' }), ok);
      const delays: number[] = [];
      const started = Date.now();
      await client({ hooks: { onRetry: (e) => delays.push(e.delayMs) } }).invoke('welcome', { user_id: 'u1' });
      expect(delays).toEqual([1000]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(server.requests).toHaveLength(2);
    });

    it('is honoured as an HTTP date and capped by maxRetryAfterMs', async () => {
      script(status(503, {}, { 'retry-after': new Date(Date.now() + 3_600_000).toUTCString() }), ok);
      const delays: number[] = [];
      const started = Date.now();
      await client({ maxRetryAfterMs: 120, hooks: { onRetry: (e) => delays.push(e.delayMs) } }).invoke('welcome', { user_id: 'u1' });
      expect(delays).toEqual([120]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(110);
      // Far under the hour asked for; loose enough for a busy machine.
      expect(Date.now() - started).toBeLessThan(10_000);
    });
  });

  describe('abort', () => {
    it('cuts a long Retry-After wait short and is not retried', async () => {
      script(status(429, {}, { 'retry-after': '30' }), ok);
      const controller = new AbortController();
      // Aborted once the wait has begun (not at a fixed time, which a loaded machine may reach before the 429).
      const onRetry = () => void setImmediate(() => controller.abort(new Error('user left')));
      const started = Date.now();
      const error = await client({ hooks: { onRetry } })
        .invoke('welcome', { user_id: 'u1' }, { signal: controller.signal })
        .catch((e) => e);
      expect(error).toBeInstanceOf(JourneysAbortError);
      expect(error.code).toBe('ERR_JOURNEYS_ABORT');
      // Far under the 30 s asked for; loose enough for a busy machine.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(server.requests).toHaveLength(1);
    });

    it('cuts the attempt in flight', async () => {
      script(stall);
      const controller = new AbortController();
      // Aborted once the attempt has reached the server.
      void eventually(() => expect(server.requests).toHaveLength(1)).then(() => controller.abort());
      const error = await client({ timeoutMs: 10_000 })
        .invoke('welcome', { user_id: 'u1' }, { signal: controller.signal })
        .catch((e) => e);
      expect(error).toBeInstanceOf(JourneysAbortError);
      expect(error.attempts).toBe(1);
      expect(server.requests).toHaveLength(1);
    });

    it('sends nothing when the signal is already aborted', async () => {
      const error = await client()
        .invoke('welcome', { user_id: 'u1' }, { signal: AbortSignal.abort() })
        .catch((e) => e);
      expect(error).toBeInstanceOf(JourneysAbortError);
      expect(error.attempts).toBe(0);
      expect(server.requests).toHaveLength(0);
    });
  });
});

describe('nothing raw escapes', () => {
  it('wraps a dispatcher that throws synchronously', async () => {
    const broken = {
      dispatch: () => {
        throw new TypeError('Cannot read properties of undefined');
      },
      close: async () => {},
    };
    const c = client({ dispatcher: broken as never, maxRetries: 1 });
    const error = await c.invoke('welcome', { user_id: 'u1' }).catch((e) => e);
    expect(error).toBeInstanceOf(JourneysConnectionError);
    expect(error).not.toBeInstanceOf(TypeError);
  });

  it('refused connections are a JourneysConnectionError after retries', async () => {
    const dead = await startLocalServer();
    const url = dead.url;
    await dead.close();
    const error = await client({ baseUrl: url })
      .invoke('welcome', { user_id: 'u1' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(JourneysConnectionError);
    expect(error.attempts).toBe(3);
  });
});

// undici 7 destroys the socket on any 1xx other than a 101 upgrade (client-h1.js, "bad response"):
// it cannot be handled cleanly above undici, so the behaviour is pinned and the error names the cause.
describe('an unsolicited "100 Continue" before the answer (a known undici limit)', () => {
  it('fails each attempt as a typed connection error that names the cause, retried under one key', async () => {
    const continueThenOk: Responder = (_q, res) => {
      res.writeContinue();
      json(res, 200, { runId: 'after-continue' });
    };
    script(continueThenOk);
    const error = await client()
      .invoke('welcome', { user_id: 'u1' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(JourneysConnectionError);
    expect(error.attempts).toBe(3);
    expect(error.message).toContain('100 Continue');
    expect(new Set(keys()).size).toBe(1);
    expect(server.requests).toHaveLength(3);
  });
});
