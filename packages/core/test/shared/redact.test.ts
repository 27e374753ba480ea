import { eventually } from '@journeykit/test-support/http';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  JourneysClient,
  JourneysConfigurationError,
  journeysErrorSummary,
  type JourneysApiError,
  type JourneysClientOptions,
} from '../../src/index.js';
import { json, startLocalServer, type LocalServer, type Responder } from '@journeykit/test-support/local-server';
import { leaksOf } from '@journeykit/test-support/leaks';

const KEY = 'sk_live_SUPERSECRET_0123456789';

function everyRendering(value: unknown): string[] {
  const err = value as Error & { cause?: unknown };
  return [
    String(err?.message),
    String(err?.stack),
    String(value),
    inspect(value, { depth: Infinity, showHidden: true }),
    JSON.stringify(value) ?? '',
    inspect(err?.cause, { depth: Infinity, showHidden: true }),
  ];
}

function expectNoKey(value: unknown): void {
  for (const text of everyRendering(value)) expect(text).not.toContain(KEY);
}

describe('the API key never appears', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer();
  });
  afterAll(() => server.close());

  // Each responder echoes the Authorization header back somewhere, as misbehaving proxies do.
  const echo: Responder = (req, res) => json(res, 401, { message: `bad credentials: ${req.headers.authorization}`, headers: req.headers });
  const echoNonJson: Responder = (req, res) =>
    res.writeHead(200, { 'x-echo': String(req.headers.authorization) }).end(`auth was ${req.headers.authorization}`);
  const cases: [string, Responder | undefined, Partial<JourneysClientOptions>, string][] = [
    ['JourneysApiError with the key echoed in the body', echo, {}, 'ERR_JOURNEYS_API'],
    ['JourneysApiError for a non-JSON echo', echoNonJson, {}, 'ERR_JOURNEYS_API'],
    [
      'JourneysApiError with the key echoed in x-request-id (err.requestId, onError, onRetry)',
      (req, res) => json(res, 503, { message: 'busy' }, { 'x-request-id': String(req.headers.authorization) }),
      {},
      'ERR_JOURNEYS_API',
    ],
    [
      'JourneysApiError with the key echoed in request-id and in a 200 without runId',
      (req, res) => json(res, 200, { note: `${req.headers.authorization}` }, { 'request-id': `id ${req.headers.authorization}` }),
      {},
      'ERR_JOURNEYS_API',
    ],
    ['JourneysTimeoutError', () => {}, { timeoutMs: 30 }, 'ERR_JOURNEYS_TIMEOUT'],
    ['JourneysConnectionError', (_q, _r, socket) => socket.destroy(), {}, 'ERR_JOURNEYS_CONNECTION'],
  ];
  it.each(cases)('%s', async (_name, responder, options, code) => {
    if (responder) server.respond = responder;
    const events: unknown[] = [];
    const hooks = {
      onRequest: (e: unknown) => events.push(e),
      onRetry: (e: unknown) => events.push(e),
      onResponse: (e: unknown) => events.push(e),
      onError: (e: unknown) => events.push(e),
    };
    const client = new JourneysClient({ apiKey: KEY, baseUrl: server.url, retryDelayMs: 1, hooks, ...options });
    const error = await client.invoke('welcome', { user_id: 'u1' }).catch((e) => e);
    await client.close();
    expect(error.code).toBe(code);
    expectNoKey(error);
    expect(events.length).toBeGreaterThan(0);
    expect(inspect(events, { depth: Infinity })).not.toContain(KEY);
  });

  it('JourneysAbortError', async () => {
    server.respond = () => {};
    const client = new JourneysClient({ apiKey: KEY, baseUrl: server.url });
    const controller = new AbortController();
    // Aborted once the attempt has reached the server.
    const seen = server.requests.length;
    void eventually(() => expect(server.requests.length).toBeGreaterThan(seen)).then(() => controller.abort());
    const error = await client.invoke('welcome', { user_id: 'u1' }, { signal: controller.signal }).catch((e) => e);
    await client.close();
    expect(error.code).toBe('ERR_JOURNEYS_ABORT');
    expectNoKey(error);
  });

  it('JourneysValidationError and JourneysClosedError', async () => {
    const client = new JourneysClient({ apiKey: KEY, baseUrl: server.url });
    const invalid = await client.invoke('', { data: { key: () => KEY } }).catch((e) => e);
    expect(invalid.code).toBe('ERR_JOURNEYS_VALIDATION');
    expectNoKey(invalid);
    await client.close();
    const closed = await client.invoke('welcome', { user_id: 'u1' }).catch((e) => e);
    expect(closed.code).toBe('ERR_JOURNEYS_CLOSED');
    expectNoKey(closed);
  });

  it('JourneysConfigurationError', () => {
    for (const baseUrl of ['http://example.com', `https://user:${KEY}@api.courier.com`, 'nope']) {
      let error: unknown;
      try {
        new JourneysClient({ apiKey: KEY, baseUrl });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(JourneysConfigurationError);
      expectNoKey(error);
    }
  });

  it('finds the key in an echoed JSON body even when JSON escaped it', async () => {
    const odd = 'sk_live_"quoted"\\back_0123456789';
    server.respond = (req, res) => json(res, 401, { echoed: req.headers.authorization });
    const client = new JourneysClient({ apiKey: odd, baseUrl: server.url });
    const error = await client.invoke('welcome', { user_id: 'u1' }).catch((e) => e);
    await client.close();
    expect(JSON.stringify(error.body)).not.toContain(JSON.stringify(odd).slice(1, -1));
    expect(inspect(error, { depth: Infinity })).not.toContain(odd);
    expect(error.body).toEqual({ echoed: 'Bearer [redacted]' });
  });

  it('requestId keeps the rest of the header, with the key replaced', async () => {
    server.respond = (req, res) => json(res, 404, { message: 'no' }, { 'x-request-id': `req-1 ${req.headers.authorization}` });
    const client = new JourneysClient({ apiKey: KEY, baseUrl: server.url });
    const error = await client.invoke('welcome', { user_id: 'u1' }).catch((e) => e);
    await client.close();
    expect(error.requestId).toBe('req-1 Bearer [redacted]');
  });

  it('a runId that echoes the key reaches neither the caller nor onResponse', async () => {
    server.respond = (req, res) => json(res, 200, { runId: `run ${req.headers.authorization}` });
    const seen: unknown[] = [];
    const client = new JourneysClient({ apiKey: KEY, baseUrl: server.url, hooks: { onResponse: (e) => seen.push(e) } });
    const result = await client.invoke('welcome', { user_id: 'u1' });
    await client.close();
    expect(result).toEqual({ runId: 'run Bearer [redacted]' });
    expect(inspect(seen, { depth: Infinity })).not.toContain(KEY);
  });

  it('the key in a \\u-escaped JSON body and in a property name is redacted too', async () => {
    const escapedKey = [...KEY].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    server.respond = (_req, res) => {
      const text = `{"message":"${escapedKey}","${escapedKey}":1}`;
      res.writeHead(401, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
    };
    const client = new JourneysClient({ apiKey: KEY, baseUrl: server.url });
    const error = await client.invoke('welcome', { user_id: 'u1' }).catch((e) => e);
    await client.close();
    expectNoKey(error);
    expect(error.body).toEqual({ message: '[redacted]', '[redacted]': 1 });
  });

  it('a short test key does not mangle unrelated text', async () => {
    server.respond = (_req, res) => json(res, 500, { message: 'key kk not found in bookkeeping' });
    const client = new JourneysClient({ apiKey: 'kk', baseUrl: server.url, maxRetries: 0 });
    const error = await client.invoke('welcome', { user_id: 'u1' }).catch((e) => e);
    await client.close();
    expect(error.body).toEqual({ message: 'key kk not found in bookkeeping' });
  });

  it('util.inspect(client) at any depth, JSON.stringify(client), and its own keys', async () => {
    const client = new JourneysClient({ apiKey: KEY, baseUrl: server.url });
    server.respond = (_q, res) => json(res, 200, { runId: 'r' });
    await client.invoke('welcome', { user_id: 'u1' }); // the pool now exists too
    expect(inspect(client, { depth: Infinity, showHidden: true })).not.toContain(KEY);
    expect(inspect({ nested: { client } }, { depth: Infinity, showHidden: true, customInspect: true })).not.toContain(KEY);
    expect(JSON.stringify(client)).not.toContain(KEY);
    expect(JSON.stringify(Object.getOwnPropertyNames(client).map((k) => (client as never)[k]))).not.toContain(KEY);
    expect(inspect(client)).toContain('[redacted]');
    await client.close();
  });
});

// A server or proxy that logs or re-encodes the request may echo the key encoded rather than as is:
// base64 (a Basic `user:<key>` credential, a whole `Bearer <key>` header, an encoded log line) or
// percent-encoded (a query string, a form). Every form below must be redacted wherever it comes back.
describe('the API key never appears encoded either', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer();
  });
  afterAll(() => server.close());

  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
  const ENCODINGS: [string, (key: string, authorization: string) => string][] = [
    ['base64 of the key', (key) => b64(key)],
    ['url-safe base64 of the key', (key) => b64url(key)],
    ['base64 of the Authorization header ("Bearer <key>")', (_key, auth) => b64(auth)],
    ['url-safe base64 of the Authorization header', (_key, auth) => b64url(auth)],
    ['base64 of Basic credentials "user:<key>"', (key) => b64(`user:${key}`)],
    ['base64 of Basic credentials ":<key>"', (key) => b64(`:${key}`)],
    ['base64 after two bytes, padding dropped', (key) => b64(`ab${key}`).replace(/=+$/, '')],
    ['percent-encoded key', (key) => encodeURIComponent(key)],
    [
      'percent-encoded Authorization header, lower-case hex',
      (_key, auth) => encodeURIComponent(auth).replace(/%[0-9A-F]{2}/g, (s) => s.toLowerCase()),
    ],
  ];
  // A key like Courier's, and one whose base64 and percent-encoding differ by alphabet and case.
  const KEYS = [KEY, 'sk_live_~?>+/=&0123456789abcdef'];
  const cases = KEYS.flatMap((key) => ENCODINGS.map(([name, encode]) => [name, key, encode] as const));

  it.each(cases)('%s (key %s): not in the error, its body, request id, or any hook event', async (_name, key, encode) => {
    server.respond = (req, res) => {
      const echoed = encode(key, String(req.headers.authorization));
      json(res, 401, { message: `bad credentials ${echoed}`, echo: { [echoed]: echoed } }, { 'x-request-id': `req-1 ${echoed}` });
    };
    const events: unknown[] = [];
    const client = new JourneysClient({
      apiKey: key,
      baseUrl: server.url,
      hooks: { onResponse: (e) => events.push(e), onError: (e) => events.push(e) },
    });
    const error = await client.invoke('welcome', { user_id: 'u1' }).catch((e) => e);
    await client.close();
    expect(error.code).toBe('ERR_JOURNEYS_API');
    expect(error.message).toContain('[redacted]');
    for (const text of [
      ...everyRendering(error),
      inspect(error.body, { depth: Infinity }),
      String(error.requestId),
      inspect(events, { depth: Infinity }),
    ]) {
      expect(leaksOf(text, key)).toEqual([]);
    }
  });

  it('a runId that echoes the header base64-encoded comes back redacted', async () => {
    server.respond = (req, res) => json(res, 200, { runId: `run-${b64(String(req.headers.authorization))}` });
    const client = new JourneysClient({ apiKey: KEY, baseUrl: server.url });
    const { runId } = await client.invoke('welcome', { user_id: 'u1' });
    await client.close();
    expect(runId).toContain('[redacted]');
    expect(leaksOf(runId, KEY)).toEqual([]);
  });

  it('text that merely looks like base64 is left alone', async () => {
    const message = 'run 1-65f240a0-47a6a120c8374de9bcf9f22c failed: c2tfbGl2ZV9PVEhFUl9LRVk= is not this client';
    server.respond = (_req, res) => json(res, 404, { message });
    const client = new JourneysClient({ apiKey: KEY, baseUrl: server.url });
    const error = await client.invoke('welcome', { user_id: 'u1' }).catch((e) => e);
    await client.close();
    expect(error.body).toEqual({ message });
  });
});

describe('redaction never fails a call nor changes a retry decision', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer();
  });
  afterAll(() => server.close());

  // Deeper than JSON.stringify's recursion can go, well under the 1 MiB response cap.
  const deep = (depth: number) => `${'['.repeat(depth)}"${'x'}"${']'.repeat(depth)}`;
  const raw = (status: number, text: string) => (_q: unknown, res: import('node:http').ServerResponse) =>
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);

  it('a retryable 503 with a deeply nested JSON body is retried, and the retry succeeds', async () => {
    let n = 0;
    server.respond = (q, res) => (n++ === 0 ? raw(503, deep(200_000))(q, res) : json(res, 200, { runId: 'after-deep' }));
    server.requests.length = 0;
    const client = new JourneysClient({ apiKey: KEY, baseUrl: server.url, retryDelayMs: 1 });
    await expect(client.invoke('welcome', { user_id: 'u1' })).resolves.toEqual({ runId: 'after-deep' });
    expect(server.requests).toHaveLength(2);
    await client.close();
  });

  it('a 404 with a deeply nested body is the API error it is, with its body', async () => {
    server.respond = raw(404, deep(200_000));
    const client = new JourneysClient({ apiKey: KEY, baseUrl: server.url, retryDelayMs: 1 });
    const error = await client.invoke('welcome', { user_id: 'u1' }).catch((e) => e);
    await client.close();
    expect(error).toMatchObject({ code: 'ERR_JOURNEYS_API', status: 404 });
    let inner = error.body;
    let depth = 0;
    while (Array.isArray(inner)) {
      inner = inner[0];
      depth++;
    }
    expect([depth, inner]).toEqual([200_000, 'x']);
  });
});

describe('a request id that is one value of the request, echoed back, is dropped (the review of issues 23, 24, 30)', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer();
  });
  afterAll(() => server.close());

  const REQUEST = { user_id: 'user-private-7', profile: { email: 'ada@private.example' }, data: { ssn: '123-45-6789', items: [{ sku: 'sku-991' }] } };
  type Call = (c: JourneysClient) => Promise<unknown>;
  const invoke: Call = (c) => c.invoke('welcome', REQUEST, { idempotencyKey: 'order-42-shipped' });
  // [case, call, what the server puts in x-request-id, the requestId the error keeps]
  const cases: [string, Call, string, string | undefined][] = [
    ['a data value (an SSN)', invoke, '123-45-6789', undefined],
    ['a value nested in an array', invoke, 'sku-991', undefined],
    ['the user_id', invoke, 'user-private-7', undefined],
    ['a profile value', invoke, 'ada@private.example', undefined],
    ['the Idempotency-Key the caller sent', invoke, 'order-42-shipped', undefined],
    ['the cancelation_token of a cancel', (c) => c.cancel({ cancelation_token: 'order-42-token' }), 'order-42-token', undefined],
    ['the generated Idempotency-Key of a cancel', (c) => c.cancel({ run_id: 'r-1' }), 'ECHO_IDEMPOTENCY_KEY', undefined],
    ["Courier's own id", invoke, 'req_8f2c1a9e', 'req_8f2c1a9e'],
    ['an id that merely contains a sent value', invoke, 'req-123-45-6789-x', 'req-123-45-6789-x'],
  ];

  it.each(cases)('%s in x-request-id', async (_name, call, echoed, kept) => {
    server.respond = (req, res) => {
      const value = echoed === 'ECHO_IDEMPOTENCY_KEY' ? String(req.headers['idempotency-key']) : echoed;
      json(res, 400, { message: 'Invalid request', type: 'invalid_request_error' }, { 'x-request-id': value });
    };
    const client = new JourneysClient({ apiKey: KEY, baseUrl: server.url, retryDelayMs: 1 });
    const error = await call(client).catch((e: unknown) => e);
    await client.close();
    expect(error).toMatchObject({ code: 'ERR_JOURNEYS_API', status: 400 });
    expect((error as JourneysApiError).requestId).toBe(kept);
    expect(journeysErrorSummary(error as JourneysApiError).requestId).toBe(kept);
  });
});
