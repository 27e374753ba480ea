import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JourneysConfigurationError, JourneysValidationError, type InvokeRequest } from '@journeykit/core';
import { prepareInvocation } from '@journeykit/core/internal';
import { connect } from 'node:net';
import { inspect } from 'node:util';
import { FakeJourneysClient, RUN_ID_PATTERN, startFakeCourier, type FakeCourierServer } from '../src/index.js';
import { eventually } from '@journeykit/test-support/http';
import { post } from './support/http.js';

let server: FakeCourierServer;
const lines: string[] = [];
beforeAll(async () => {
  server = await startFakeCourier({ log: (line) => lines.push(line) });
});
afterEach(() => {
  server.reset();
  lines.length = 0;
});
afterAll(() => server.close());

describe('the invoke endpoint', () => {
  it('creates a run and records it', async () => {
    const res = await post(server.url, '/journeys/welcome/invoke', { user_id: 'u1', data: { plan: 'pro' } }, { 'idempotency-key': 'k1' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ runId: expect.stringMatching(RUN_ID_PATTERN) });
    expect(res.headers['x-request-id']).toMatch(/^fake-\d+$/);
    const runId = (res.body as { runId: string }).runId;
    expect(server.invocations).toEqual([
      { templateId: 'welcome', request: { user_id: 'u1', data: { plan: 'pro' } }, userId: 'u1', idempotencyKey: 'k1', runId, at: expect.any(Date) },
    ]);
    expect(server.requests).toEqual([
      {
        endpoint: 'invoke',
        templateId: 'welcome',
        idempotencyKey: 'k1',
        method: 'POST',
        path: '/journeys/welcome/invoke',
        status: 200,
        outcome: 'created',
        runId,
        fault: undefined,
        at: expect.any(Date),
      },
    ]);
    expect(lines).toEqual([`POST /journeys/welcome/invoke -> 200 created runId=${runId} key=k1 user=u1`]);
  });

  it('decodes the template from its path segment', async () => {
    const res = await post(server.url, `/journeys/${encodeURIComponent('order shipped/é')}/invoke`, { user_id: 'u1' });
    expect(res.status).toBe(200);
    expect(server.invocations[0]?.templateId).toBe('order shipped/é');
  });

  it('creates a run per request when no idempotency key is sent', async () => {
    const a = await post(server.url, '/journeys/welcome/invoke', { user_id: 'u1' });
    const b = await post(server.url, '/journeys/welcome/invoke', { user_id: 'u1' });
    expect(a.body).not.toEqual(b.body);
    expect(server.invocations.map((i) => i.idempotencyKey)).toEqual([undefined, undefined]);
  });
});

describe('rejections, shaped like Courier errors', () => {
  const cases: [string, { path?: string; body?: unknown; headers?: Record<string, string>; method?: string }, number, RegExp, string][] = [
    ['no Authorization header', { headers: { authorization: '' } }, 401, /Unauthorized/, 'authentication_error'],
    ['wrong key', { headers: { authorization: 'Bearer nope' } }, 401, /Unauthorized/, 'authentication_error'],
    ['not a bearer token', { headers: { authorization: 'Basic dGVzdC1rZXk6' } }, 401, /Unauthorized/, 'authentication_error'],
    ['unknown path', { path: '/journeys/welcome/start' }, 404, /No route for POST \/journeys\/welcome\/start/, 'invalid_request_error'],
    ['root path', { path: '/' }, 404, /No route/, 'invalid_request_error'],
    ['GET on the invoke path', { method: 'GET' }, 405, /Method GET not allowed/, 'invalid_request_error'],
    ['PUT on the invoke path', { method: 'PUT' }, 405, /Method PUT not allowed/, 'invalid_request_error'],
    ['body not JSON', { body: '{nope' }, 400, /must be JSON/, 'invalid_request_error'],
    ['empty body', { body: '' }, 400, /must be JSON/, 'invalid_request_error'],
    ['bad percent-encoding in the template', { path: '/journeys/%E0%A4%A/invoke' }, 400, /percent-encoding/, 'invalid_request_error'],
    ['template ".." (encoded)', { path: '/journeys/%2E%2E/invoke' }, 400, /templateId: "\.\." is not a template ID/, 'invalid_request_error'],
    [
      'body over 6 MB',
      { body: JSON.stringify({ user_id: 'u1', data: { s: 'x'.repeat(6 * 1024 * 1024) } }) },
      413,
      /over 6 MB \(6291456 bytes\)/,
      'invalid_request_error',
    ],
  ];
  it.each(cases)('%s', async (_name, { path = '/journeys/welcome/invoke', body = { user_id: 'u1' }, headers, method }, status, message, type) => {
    const res = await post(server.url, path, body, headers, method);
    expect(res.status).toBe(status);
    expect(res.body).toEqual(expect.objectContaining({ message: expect.stringMatching(message), type }));
    expect(server.requests).toEqual([expect.objectContaining({ status, outcome: 'rejected' })]);
    expect(server.invocations).toEqual([]);
    if (status === 405) expect(res.headers.allow).toBe('POST');
    if (status === 401) expect(lines.join('\n')).not.toContain('test-key');
  });

  // The server validates with core's rules: the same problems the client would have reported.
  const bodies: [string, unknown][] = [
    ['no identifier', { data: { plan: 'pro' } }],
    ['user_id not a string', { user_id: 5 }],
    ['profile an array', { user_id: 'u1', profile: [] }],
    ['an array body', [{ user_id: 'u1' }]],
    ['several problems', { user_id: '', profile: 'x' }],
  ];
  it.each(bodies)('400 for %s, with the issues prepareInvocation lists in its message', async (_name, body) => {
    const res = await post(server.url, '/journeys/welcome/invoke', body);
    let expected: JourneysValidationError | undefined;
    try {
      prepareInvocation('welcome', body as InvokeRequest);
    } catch (err) {
      expected = err as JourneysValidationError;
    }
    expect(expected).toBeInstanceOf(JourneysValidationError);
    expect(res.status).toBe(400);
    // Courier's error body is { message, type } (its errors page): the issues are in the message.
    expect(res.body).toEqual({ message: expect.stringMatching(/^Invalid request: /), type: 'invalid_request_error' });
    for (const issue of expected?.issues ?? []) expect((res.body as { message: string }).message).toContain(issue.message);
  });
});

describe('idempotency, as Courier does it', () => {
  const invoke = (key: string, body: unknown = { user_id: 'u1' }) => post(server.url, '/journeys/welcome/invoke', body, { 'idempotency-key': key });

  it('replays the first result for a key, and records one run', async () => {
    const first = await invoke('same');
    const second = await invoke('same', { user_id: 'someone-else' });
    expect(second).toMatchObject({ status: 200, body: first.body });
    expect(server.invocations).toHaveLength(1);
    expect(server.requests.map((r) => [r.outcome, r.runId])).toEqual([
      ['created', (first.body as { runId: string }).runId],
      ['replayed', (first.body as { runId: string }).runId],
    ]);
  });

  it('stores failures of a request that ran (an injected 500), not a 400 for bad input', async () => {
    const bad = await invoke('bad-first', {});
    const fixed = await invoke('bad-first', { user_id: 'u1' });
    expect([bad.status, fixed.status]).toEqual([400, 200]);

    server.inject({ kind: 'status', status: 500 });
    const failed = await invoke('five-hundred');
    const retried = await invoke('five-hundred');
    expect(failed.status).toBe(500);
    expect(retried).toMatchObject({ status: 500, body: failed.body });
    expect(server.invocations).toHaveLength(1);
    expect(server.requests.map((r) => `${r.status} ${r.outcome}`)).toEqual(['400 rejected', '200 created', '500 injected', '500 replayed']);
  });

  it('does not store a fault in front of Courier (stored: false) or a dropped connection', async () => {
    server.inject({ kind: 'status', status: 429, headers: { 'retry-after': '3' }, stored: false });
    server.inject({ kind: 'drop' });
    const limited = await invoke('fresh');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('3');
    expect(limited.body).toEqual({ message: 'Too Many Requests', type: 'rate_limit_error' });
    await expect(invoke('fresh')).rejects.toThrow(/socket hang up/);
    const ok = await invoke('fresh');
    expect(ok.status).toBe(200);
    expect(server.requests.map((r) => `${r.status} ${r.outcome}`)).toEqual(['429 injected', 'dropped injected', '200 created']);
  });

  it('answers 409 while the first request for the key is still executing, then replays it', async () => {
    const delay = server.inject({ kind: 'delay', durationMs: 300 });
    const first = invoke('slow');
    // The first request has taken the delay, so its key is executing.
    await eventually(() => expect(delay.remaining).toBe(0));
    const conflict = await invoke('slow');
    expect(conflict.status).toBe(409);
    expect(conflict.body).toEqual({ message: expect.stringMatching(/still being processed/), type: 'invalid_request_error' });
    const created = await first;
    const replay = await invoke('slow');
    expect(replay.body).toEqual(created.body);
    expect(server.requests.map((r) => r.outcome)).toEqual(['conflict', 'created', 'replayed']);
    expect(server.invocations).toHaveLength(1);
  });

  it('forgets a key after its X-Idempotency-Expiration (Unix ms, Unix s or ISO date), on the server’s clock', async () => {
    let now = Date.UTC(2026, 5, 1);
    await using timed = await startFakeCourier({ clock: { now: () => now } });
    const send = (key: string, expiration?: string) =>
      post(
        timed.url,
        '/journeys/welcome/invoke',
        { user_id: 'u1' },
        { 'idempotency-key': key, ...(expiration === undefined ? {} : { 'x-idempotency-expiration': expiration }) },
      );
    const in30Hours = now + 30 * 3_600_000;
    for (const [key, expiration] of [
      ['ms', String(in30Hours)],
      ['secs', String(in30Hours / 1000)],
      ['iso', new Date(in30Hours).toISOString()],
    ] as const) {
      const first = await send(key, expiration);
      expect((await send(key)).body).toEqual(first.body);
    }
    now = in30Hours + 1;
    for (const key of ['ms', 'secs', 'iso']) expect((await send(key)).status).toBe(200);
    expect(timed.requests.map((r) => r.outcome)).toEqual([
      'created',
      'replayed',
      'created',
      'replayed',
      'created',
      'replayed',
      'created',
      'created',
      'created',
    ]);
  });
});

describe('fault selection', () => {
  it('per template, for the next N requests, first injected first served, cancellable', async () => {
    const forWelcome = server.inject({ kind: 'status', status: 503, stored: false }, { templateId: 'welcome', times: 2 });
    const always = server.inject({ kind: 'status', status: 502, stored: false }, { times: Infinity });
    expect(forWelcome.remaining).toBe(2);
    const statuses: number[] = [];
    for (const t of ['digest', 'welcome', 'welcome', 'welcome'])
      statuses.push((await post(server.url, `/journeys/${t}/invoke`, { user_id: 'u1' })).status);
    expect(statuses).toEqual([502, 503, 503, 502]);
    expect(forWelcome.remaining).toBe(0);
    always.cancel();
    expect((await post(server.url, '/journeys/digest/invoke', { user_id: 'u1' })).status).toBe(200);
    expect(server.requests.map((r) => r.fault)).toEqual(['status', 'status', 'status', 'status', undefined]);
  });

  it('a status fault can carry any body, headers and a 2xx', async () => {
    server.inject({ kind: 'status', status: 200, body: 'not json', headers: { 'x-extra': '1' } });
    const res = await post(server.url, '/journeys/welcome/invoke', { user_id: 'u1' });
    expect(res).toMatchObject({ status: 200, body: 'not json' });
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.headers['x-extra']).toBe('1');
  });

  it('a slow body arrives in pieces over the duration', async () => {
    server.inject({ kind: 'slow-body', durationMs: 200 });
    const started = Date.now();
    const res = await post(server.url, '/journeys/welcome/invoke', { user_id: 'u1' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
    expect(res.body).toEqual({ runId: expect.stringMatching(RUN_ID_PATTERN) });
  });

  it.each([
    [{ kind: 'explode' }, /unknown fault kind "explode"/],
    [{ kind: 'status', status: 99 }, /status must be a whole number from 200 to 599/],
    [{ kind: 'status', status: 429, headers: { 'retry-after': 1 } }, /header retry-after must be a string/],
    [{ kind: 'delay' }, /delay needs durationMs/],
    [{ kind: 'slow-body', durationMs: -1 }, /slow-body needs durationMs/],
    [null, /must be an object/],
  ])('refuses a bad fault %j', (fault, message) => {
    expect(() => server.inject(fault as never)).toThrow(JourneysConfigurationError);
    expect(() => server.inject(fault as never)).toThrow(message);
  });

  it.each([[{ times: 0 }], [{ times: 1.5 }], [{ templateId: '' }]])('refuses bad options %j', (options) => {
    expect(() => server.inject({ kind: 'drop' }, options)).toThrow(JourneysConfigurationError);
  });
});

describe('lifecycle', () => {
  it('close() does not hang on stalled, half-sent or keep-alive connections', async () => {
    const own = await startFakeCourier();
    const stall = own.inject({ kind: 'stall' });
    const slow = own.inject({ kind: 'slow-body', durationMs: 60_000 });
    const stalled = post(own.url, '/journeys/welcome/invoke', { user_id: 'u1' }).catch((e: unknown) => e);
    const trickling = post(own.url, '/journeys/welcome/invoke', { user_id: 'u1' }).catch((e: unknown) => e);
    // A bare keep-alive socket that never sends a request.
    const idle = connect(own.port, '127.0.0.1');
    await new Promise((resolve) => idle.once('connect', resolve));
    // Both requests have reached the server and hang there.
    await eventually(() => expect([stall.remaining, slow.remaining]).toEqual([0, 0]));
    const started = Date.now();
    await own.close();
    // Hanging would mean the slow body's 60 s (or keep-alive's 5 s); the bound leaves room for a loaded machine.
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await stalled).toBeInstanceOf(Error);
    expect(await trickling).toBeInstanceOf(Error);
    expect(own.requests.map((r) => r.status)).toEqual(['stalled', 200]);
    await own.close(); // twice is fine
  });

  it('keeps the API key out of inspect and JSON', async () => {
    const own = await startFakeCourier({ apiKey: 'sk_secret_value' });
    try {
      expect(inspect(own, { depth: 10 })).not.toContain('sk_secret_value');
      expect(inspect(own)).toContain("apiKey: '[redacted]'");
      expect(JSON.stringify(own)).toBe(JSON.stringify({ url: own.url }));
    } finally {
      await own.close();
    }
  });

  it('listens where asked and reports the URL', async () => {
    const own = await startFakeCourier({ host: '127.0.0.1' });
    try {
      expect(own.url).toBe(`http://127.0.0.1:${own.port}`);
      expect(own.port).toBeGreaterThan(0);
    } finally {
      await own.close();
    }
  });

  it('rejects when the port is taken', async () => {
    await expect(startFakeCourier({ port: server.port })).rejects.toThrow(/EADDRINUSE/);
  });

  it.each([
    [{ apiKey: '' }, /apiKey must be a non-empty string/],
    [{ apiKey: 'test\u0085key' }, /without control characters/],
    [{ port: 70000 }, /port must be a whole number/],
    [{ host: '' }, /host must be a non-empty string/],
    [{ seed: Number.NaN }, /seed must be a whole number/],
    // Unknown names are refused (core's check), naming the one meant.
    [{ idempotencyKeyTtl: 1000 }, /^startFakeCourier: unknown option "idempotencyKeyTtl" \(did you mean idempotencyKeyTtlMs\?\)/],
    [{ now: () => 0 }, /^startFakeCourier: unknown option "now"; known options are apiKey, port/],
    [{ runStatus: [] }, /unknown option "runStatus" \(did you mean runStatuses\?\)/],
  ])('refuses bad options %j', async (options, message) => {
    await expect(startFakeCourier(options as never)).rejects.toThrow(JourneysConfigurationError);
    await expect(startFakeCourier(options as never)).rejects.toThrow(message);
  });

  it('seeded servers produce the same run ids, and reset() restarts them', async () => {
    const a = await startFakeCourier({ seed: 9 });
    const b = await startFakeCourier({ seed: 9 });
    try {
      const ids = async (s: FakeCourierServer) => {
        const out = [];
        for (let i = 0; i < 3; i++) out.push((await post(s.url, '/journeys/welcome/invoke', { user_id: 'u1' })).body);
        return out;
      };
      const first = await ids(a);
      expect(await ids(b)).toEqual(first);
      a.reset();
      expect(await ids(a)).toEqual(first);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('Symbol.asyncDispose', () => {
  it('closes the server and the fake client resolves, for `await using`', async () => {
    const server = await startFakeCourier();
    await server[Symbol.asyncDispose]();
    await expect(fetch(`${server.url}/journeys/welcome/invoke`, { method: 'POST' })).rejects.toThrow();
    const fake = new FakeJourneysClient();
    await expect(fake[Symbol.asyncDispose]()).resolves.toBeUndefined();
  });
});
