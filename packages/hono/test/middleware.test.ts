/**
 * The Hono middleware against the real fake server (startFakeCourier) and a real JourneysClient:
 * `app.request()` for the cases, and one app over real HTTP on 127.0.0.1 with @hono/node-server.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { JourneysClient, JourneysConfigurationError } from '@journeykit/core';
import { request as httpRequest } from '@journeykit/test-support/http';
import { FakeJourneysClient, FakeJourneysOutbox, startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { journeys, journeysErrorHandler, type JourneysMiddleware, type JourneysMiddlewareOptions, type JourneysVariables } from '../src/index.js';

type AppEnv = { Variables: JourneysVariables };

let server: FakeCourierServer;
const middlewares: JourneysMiddleware[] = [];
beforeAll(async () => {
  server = await startFakeCourier({ apiKey: 'sk_test_hono' });
});
afterEach(async () => {
  await Promise.all(middlewares.splice(0).map((m) => m.close()));
  server.reset();
  vi.restoreAllMocks();
});
afterAll(() => server.close());

/** An app with the middleware (client options for the fake unless `options` gives a client), the error handler, and the routes every case uses. */
function app(options: Partial<JourneysMiddlewareOptions> = {}, onError = vi.fn()): Hono<AppEnv> {
  const clientOptions = 'client' in options ? {} : { apiKey: 'sk_test_hono', baseUrl: server.url, retryDelayMs: 1, maxRetries: 1 };
  const middleware = journeys({
    identify: (c) => {
      const user = c.req.header('x-user-id');
      return user === undefined ? undefined : { user_id: user, profile: { email: `${user}@example.com` } };
    },
    ...clientOptions,
    ...options,
  } as JourneysMiddlewareOptions);
  middlewares.push(middleware);
  const hono = new Hono<AppEnv>();
  hono.use(middleware);
  hono.post('/signup', async (c) => c.json(await c.var.journeys.invoke('welcome', { data: await c.req.json() })));
  hono.post('/later', async (c) => c.json(await c.var.journeys.enqueue('welcome', { data: await c.req.json() }), 202));
  hono.post('/runs/:runId/cancel', async (c) => c.json(await c.var.journeys.cancel({ run_id: c.req.param('runId') })));
  hono.get('/runs/:runId', async (c) => c.json(await c.var.journeys.runs.get(c.req.param('runId'))));
  hono.get('/boom', () => {
    throw new Error('not ours');
  });
  hono.get('/teapot', () => {
    throw new HTTPException(418, { message: 'short and stout' });
  });
  hono.onError(journeysErrorHandler({ onError }));
  return hono;
}

const post = (hono: Hono<AppEnv>, url: string, body: unknown = {}, user: string | undefined = 'ada') =>
  hono.request(url, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(user === undefined ? {} : { 'x-user-id': user }) },
  });

describe('c.var.journeys through app.request()', () => {
  it("invoke: the identity fills in the user, Courier's run id comes back", async () => {
    const answer = await post(app(), '/signup', { plan: 'pro' });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ runId: server.invocations[0]!.runId });
    expect(server.invocations[0]!.request).toMatchObject({ user_id: 'ada', profile: { email: 'ada@example.com' }, data: { plan: 'pro' } });
  });

  it('a 503 from Courier is retried under one idempotency key', async () => {
    const hono = app();
    server.inject({ kind: 'status', status: 503, stored: false });
    const answer = await post(hono, '/signup');
    expect(answer.status).toBe(200);
    expect(server.requests.map((r) => r.status)).toEqual([503, 200]);
    expect(new Set(server.requests.map((r) => r.idempotencyKey)).size).toBe(1);
  });

  it.each<[string, () => void, number, string]>([
    ['an invalid call (data that is not an object)', () => undefined, 400, 'ERR_JOURNEYS_VALIDATION'],
    [
      'Courier failing every attempt',
      () => server.inject({ kind: 'status', status: 503, stored: false }, { times: Infinity }),
      502,
      'ERR_JOURNEYS_API',
    ],
    ['Courier unreachable (dropped)', () => server.inject({ kind: 'drop' }, { times: Infinity }), 503, 'ERR_JOURNEYS_CONNECTION'],
  ])('%s: the one error body every adapter answers', async (_name, arrange, status, code) => {
    const onError = vi.fn();
    const hono = app({}, onError);
    arrange();
    const answer = await post(hono, '/signup', code === 'ERR_JOURNEYS_VALIDATION' ? [1, 2] : {});
    expect(answer.status).toBe(status);
    const text = await answer.text();
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(
      code === 'ERR_JOURNEYS_VALIDATION' ? ['code', 'error', 'issues', 'message', 'statusCode'] : ['code', 'error', 'message', 'statusCode'],
    );
    expect(body).toMatchObject({ statusCode: status, code });
    expect(text).not.toContain('sk_test_hono');
    expect(onError.mock.calls.map(([error]) => (error as { code: string }).code)).toEqual([code]);
  });

  it('identify runs under the call deadline: one that never settles is a 503, nothing sent', async () => {
    const answer = await post(app({ identify: () => new Promise(() => {}), timeoutMs: 50 }), '/signup');
    expect(answer.status).toBe(503);
    expect(await answer.json()).toMatchObject({ code: 'ERR_JOURNEYS_TIMEOUT' });
    expect(server.requests).toHaveLength(0);
  });

  it('a bad identity is a 500 configuration error that names identify, nothing sent', async () => {
    const onError = vi.fn();
    const answer = await post(app({ identify: () => ({ user_id: 42 as unknown as string }) }, onError), '/signup');
    expect(answer.status).toBe(500);
    expect(onError.mock.calls[0]![0]).toBeInstanceOf(JourneysConfigurationError);
    expect((onError.mock.calls[0]![0] as Error).message).toMatch(/identify\(c\) returned an identity.*journeys\(\{ identify \}\)/);
    expect(server.requests).toHaveLength(0);
  });

  it('enqueue stores through the outbox with the identity merged in', async () => {
    const outbox = new FakeJourneysOutbox();
    const answer = await post(app({ outbox }), '/later', { plan: 'pro' });
    expect(answer.status).toBe(202);
    expect(await answer.json()).toMatchObject({ jobId: outbox.enqueued[0]!.jobId });
    expect(outbox.enqueued[0]).toMatchObject({ templateId: 'welcome', request: { user_id: 'ada', data: { plan: 'pro' } } });
    expect(server.requests).toHaveLength(0);
  });

  it('enqueue without an outbox is a 500 that names the option', async () => {
    const onError = vi.fn();
    const answer = await post(app({}, onError), '/later');
    expect(answer.status).toBe(500);
    expect((onError.mock.calls[0]![0] as Error).message).toMatch(/c\.var\.journeys\.enqueue\(\) needs an outbox: pass journeys\(\{ outbox \}\)/);
  });

  it('cancel and runs.get go to Courier; an unknown run is a 404', async () => {
    const hono = app();
    const { runId } = (await (await post(hono, '/signup')).json()) as { runId: string };
    expect(await (await hono.request(`/runs/${runId}`)).json()).toMatchObject({ run_id: runId });
    expect((await hono.request(`/runs/${runId}/cancel`, { method: 'POST' })).status).toBe(200);
    expect(server.run(runId)?.status).toBe('CANCELED');
    const missing = await hono.request('/runs/1-nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'ERR_JOURNEYS_RUN_NOT_FOUND' });
  });

  it("other errors keep Hono's own answer: an HTTPException's response, else a 500", async () => {
    const hono = app();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const teapot = await hono.request('/teapot');
    expect([teapot.status, await teapot.text()]).toEqual([418, 'short and stout']);
    const boom = await hono.request('/boom');
    expect([boom.status, await boom.text()]).toEqual([500, 'Internal Server Error']);
    expect(logged).toHaveBeenCalledOnce();
  });

  it('other errors go to the fallback when one is given; journeykit errors do not', async () => {
    const fallback = vi.fn((_error: Error, c: { json: (body: unknown, status: 500) => Response }) => c.json({ mine: true }, 500));
    const middleware = journeys({ apiKey: 'sk_test_hono', baseUrl: server.url });
    middlewares.push(middleware);
    const hono = new Hono<AppEnv>().use(middleware);
    hono.get('/boom', () => {
      throw new Error('not ours');
    });
    hono.get('/invalid', async (c) => c.json(await c.var.journeys.invoke('welcome', { user_id: '' })));
    hono.onError(journeysErrorHandler({ fallback }));
    expect(await (await hono.request('/boom')).json()).toEqual({ mine: true });
    expect((await hono.request('/invalid')).status).toBe(400);
    expect(fallback).toHaveBeenCalledOnce();
  });

  it('mounted twice, the first middleware sets c.var.journeys', async () => {
    const first = new FakeJourneysOutbox();
    const second = new FakeJourneysOutbox();
    const [a, b] = [journeys({ client: new FakeJourneysClient(), outbox: first }), journeys({ client: new FakeJourneysClient(), outbox: second })];
    const hono = new Hono<AppEnv>().use(a).use(b);
    hono.post('/later', async (c) => c.json(await c.var.journeys.enqueue('welcome', { user_id: 'u1' })));
    expect((await hono.request('/later', { method: 'POST' })).status).toBe(200);
    expect([first.enqueued.length, second.enqueued.length]).toEqual([1, 0]);
  });
});

describe('the client lifecycle', () => {
  it('close() closes a client the middleware created, once', async () => {
    const close = vi.spyOn(JourneysClient.prototype, 'close');
    const middleware = journeys({ apiKey: 'sk_test_hono', baseUrl: server.url });
    expect(middleware.client).toBeInstanceOf(JourneysClient);
    await Promise.all([middleware.close(), middleware.close()]);
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('a client you pass is left open', async () => {
    const client = new JourneysClient({ apiKey: 'sk_test_hono', baseUrl: server.url });
    const middleware = journeys({ client });
    await middleware.close();
    await expect(client.invoke('welcome', { user_id: 'u1' })).resolves.toHaveProperty('runId');
    await client.close();
  });

  it.each<[string, () => unknown, RegExp]>([
    ['a misspelt option', () => journeys({ apiKey: 'k', identfy: () => undefined } as never), /unknown option "identfy" \(did you mean identify\?\)/],
    ['identify that is not a function', () => journeys({ apiKey: 'k', identify: 'user' } as never), /identify must be a function, got string/],
    ['an outbox without enqueue', () => journeys({ apiKey: 'k', outbox: {} } as never), /outbox must implement enqueue/],
    [
      'a client together with client options',
      () => journeys({ client: new FakeJourneysClient(), apiKey: 'k' } as never),
      /either client or JourneysClient options/,
    ],
    ['options that are not an object', () => journeys('sk_live' as never), /journeys\(\) options must be an object/],
    ['an error handler option it does not know', () => journeysErrorHandler({ onErorr: () => {} } as never), /unknown option "onErorr"/],
    ['an error handler fallback that is not a function', () => journeysErrorHandler({ fallback: 500 } as never), /fallback must be a function/],
  ])('refuses %s, before any request', (_name, make, message) => {
    expect(make).toThrow(JourneysConfigurationError);
    expect(make).toThrow(message);
  });
});

describe('over real HTTP with @hono/node-server', () => {
  let listening: ServerType | undefined;
  afterEach(async () => {
    listening?.close();
    if (listening !== undefined) await once(listening, 'close');
    listening = undefined;
  });

  it('a journey started from a route on 127.0.0.1, a 503 retried under one key', async () => {
    listening = serve({ fetch: app().fetch, port: 0, hostname: '127.0.0.1' });
    await once(listening, 'listening');
    const { port } = listening.address() as AddressInfo;
    server.inject({ kind: 'status', status: 503, stored: false });
    const answer = await httpRequest(`http://127.0.0.1:${port}/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user-id': 'grace' },
      body: JSON.stringify({ plan: 'team' }),
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ runId: server.invocations[0]!.runId });
    expect(server.invocations[0]!.request).toMatchObject({ user_id: 'grace', data: { plan: 'team' } });
    expect(server.requests.map((r) => r.status)).toEqual([503, 200]);
    expect(new Set(server.requests.map((r) => r.idempotencyKey)).size).toBe(1);
  });
});
