/**
 * The Fastify plugin against the real fake server (startFakeCourier) and a real JourneysClient:
 * `fastify.inject` for the cases, and one app over real HTTP on 127.0.0.1.
 */
import { JourneysClient, JourneysConfigurationError } from '@journeykit/core';
import { FakeJourneysOutbox, startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import { request as httpRequest } from '@journeykit/test-support/http';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { journeys, journeysErrorHandler, type JourneysPluginOptions } from '../src/index.js';

let server: FakeCourierServer;
const apps: FastifyInstance[] = [];
beforeAll(async () => {
  server = await startFakeCourier({ apiKey: 'sk_test_fastify' });
});
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
  server.reset();
  vi.restoreAllMocks();
});
afterAll(() => server.close());

/** An app with the plugin (client options for the fake unless `options` gives a client) and the routes every case uses. */
async function app(options: Partial<JourneysPluginOptions> = {}): Promise<FastifyInstance> {
  const fastify = Fastify();
  apps.push(fastify);
  const clientOptions = 'client' in options ? {} : { apiKey: 'sk_test_fastify', baseUrl: server.url, retryDelayMs: 1, maxRetries: 1 };
  await fastify.register(journeys, {
    identify: (request) => {
      const user = request.headers['x-user-id'];
      return typeof user === 'string' ? { user_id: user, profile: { email: `${user}@example.com` } } : undefined;
    },
    ...clientOptions,
    ...options,
  } as JourneysPluginOptions);
  fastify.post<{ Body: Record<string, unknown> }>('/signup', async (request) => request.journeys.invoke('welcome', { data: request.body }));
  fastify.post<{ Body: Record<string, unknown> }>('/later', async (request, reply) =>
    reply.code(202).send(await request.journeys.enqueue('welcome', { data: request.body })),
  );
  fastify.post<{ Params: { runId: string } }>('/runs/:runId/cancel', async (request) => request.journeys.cancel({ run_id: request.params.runId }));
  fastify.get<{ Params: { runId: string } }>('/runs/:runId', async (request) => request.journeys.runs.get(request.params.runId));
  fastify.get('/boom', async () => {
    throw new Error('not ours');
  });
  return fastify;
}

const post = (fastify: FastifyInstance, url: string, body: unknown = {}, user: string | undefined = 'ada') =>
  fastify.inject({ method: 'POST', url, payload: body as Record<string, unknown>, headers: user === undefined ? {} : { 'x-user-id': user } });

describe('request.journeys through fastify.inject', () => {
  it("invoke: the identity fills in the user, Courier's run id comes back", async () => {
    const fastify = await app();
    const answer = await post(fastify, '/signup', { plan: 'pro' });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ runId: server.invocations[0]!.runId });
    expect(server.invocations[0]!.request).toMatchObject({ user_id: 'ada', profile: { email: 'ada@example.com' }, data: { plan: 'pro' } });
  });

  it('a 503 from Courier is retried under one idempotency key', async () => {
    const fastify = await app();
    server.inject({ kind: 'status', status: 503, stored: false });
    const answer = await post(fastify, '/signup');
    expect(answer.statusCode).toBe(200);
    expect(server.requests.map((r) => r.status)).toEqual([503, 200]);
    expect(new Set(server.requests.map((r) => r.idempotencyKey)).size).toBe(1);
  });

  it.each<[string, () => void, string | undefined, number, string]>([
    ['an invalid call (data that is not an object)', () => undefined, 'ada', 400, 'ERR_JOURNEYS_VALIDATION'],
    [
      'Courier failing every attempt',
      () => server.inject({ kind: 'status', status: 503, stored: false }, { times: Infinity }),
      'ada',
      502,
      'ERR_JOURNEYS_API',
    ],
    ['Courier unreachable (dropped)', () => server.inject({ kind: 'drop' }, { times: Infinity }), 'ada', 503, 'ERR_JOURNEYS_CONNECTION'],
  ])('%s: the one error body every adapter answers', async (_name, arrange, user, status, code) => {
    const fastify = await app();
    arrange();
    const answer = await post(fastify, '/signup', code === 'ERR_JOURNEYS_VALIDATION' ? [1, 2] : {}, user);
    expect(answer.statusCode).toBe(status);
    const body = answer.json<Record<string, unknown>>();
    expect(Object.keys(body).sort()).toEqual(
      code === 'ERR_JOURNEYS_VALIDATION' ? ['code', 'error', 'issues', 'message', 'statusCode'] : ['code', 'error', 'message', 'statusCode'],
    );
    expect(body).toMatchObject({ statusCode: status, code });
    expect(answer.body).not.toContain('sk_test_fastify');
  });

  it('identify runs under the call deadline: one that never settles is a 503, nothing sent', async () => {
    const fastify = await app({ identify: () => new Promise(() => {}), timeoutMs: 50 });
    const answer = await post(fastify, '/signup');
    expect(answer.statusCode).toBe(503);
    expect(answer.json()).toMatchObject({ code: 'ERR_JOURNEYS_TIMEOUT' });
    expect(server.requests).toHaveLength(0);
  });

  it('a bad identity is a 500 configuration error that names identify, nothing sent', async () => {
    const onError = vi.fn();
    const fastify = await app({ identify: () => ({ user_id: 42 as unknown as string }), onError });
    const answer = await post(fastify, '/signup');
    expect(answer.statusCode).toBe(500);
    expect(onError.mock.calls[0]![0]).toBeInstanceOf(JourneysConfigurationError);
    expect((onError.mock.calls[0]![0] as Error).message).toMatch(
      /identify\(request\) returned an identity.*app\.register\(journeys, \{ identify \}\)/,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('enqueue stores through the outbox with the identity merged in', async () => {
    const outbox = new FakeJourneysOutbox();
    const fastify = await app({ outbox });
    const answer = await post(fastify, '/later', { plan: 'pro' });
    expect(answer.statusCode).toBe(202);
    expect(answer.json()).toMatchObject({ jobId: outbox.enqueued[0]!.jobId });
    expect(outbox.enqueued[0]).toMatchObject({ templateId: 'welcome', request: { user_id: 'ada', data: { plan: 'pro' } } });
    expect(server.requests).toHaveLength(0);
  });

  it('enqueue without an outbox is a 500 that names the option', async () => {
    const onError = vi.fn();
    const fastify = await app({ onError });
    const answer = await post(fastify, '/later');
    expect(answer.statusCode).toBe(500);
    expect((onError.mock.calls[0]![0] as Error).message).toMatch(
      /request\.journeys\.enqueue\(\) needs an outbox: pass app\.register\(journeys, \{ outbox \}\)/,
    );
  });

  it('cancel and runs.get go to Courier; an unknown run is a 404', async () => {
    const fastify = await app();
    const { runId } = (await post(fastify, '/signup')).json<{ runId: string }>();
    expect((await fastify.inject({ method: 'GET', url: `/runs/${runId}` })).json()).toMatchObject({ run_id: runId });
    expect((await fastify.inject({ method: 'POST', url: `/runs/${runId}/cancel` })).statusCode).toBe(200);
    expect(server.run(runId)?.status).toBe('CANCELED');
    const missing = await fastify.inject({ method: 'GET', url: '/runs/1-nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'ERR_JOURNEYS_RUN_NOT_FOUND' });
  });

  it("other errors keep Fastify's own answer", async () => {
    const fastify = await app();
    const answer = await fastify.inject({ method: 'GET', url: '/boom' });
    expect(answer.statusCode).toBe(500);
    expect(answer.json()).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'not ours' });
  });

  it.each([true, false])('errorHandler: %s', async (errorHandler) => {
    const fastify = Fastify();
    apps.push(fastify);
    await fastify.register(journeys, { apiKey: 'sk_test_fastify', baseUrl: server.url, errorHandler });
    fastify.post('/signup', async (request) => request.journeys.invoke('welcome', { user_id: 'u1', data: [1] as never }));
    const answer = await fastify.inject({ method: 'POST', url: '/signup' });
    // false: Fastify's own handler answers (a 500 without journeykit's body); true: the one body, a 400.
    expect([answer.statusCode, 'issues' in answer.json()]).toEqual(errorHandler ? [400, true] : [500, false]);
  });
});

describe('journeysErrorHandler() for an app that sets its own error handler', () => {
  // Fastify warns (FSTWRN004), or with allowErrorHandlerOverride: false refuses, when a second
  // setErrorHandler replaces one: an app with its own handler registers with errorHandler: false
  // and puts journeykit's answer inside the one handler it sets.
  async function ownHandler(options: Parameters<typeof journeysErrorHandler>[0]): Promise<FastifyInstance> {
    const fastify = Fastify({ allowErrorHandlerOverride: false });
    apps.push(fastify);
    fastify.setErrorHandler(journeysErrorHandler(options));
    await fastify.register(journeys, { apiKey: 'sk_test_fastify', baseUrl: server.url, errorHandler: false });
    fastify.post('/signup', async (request) => request.journeys.invoke('welcome', { user_id: 'u1', data: [1] as never }));
    fastify.get('/boom', async () => {
      throw new Error('not ours');
    });
    return fastify;
  }

  it("answers journeykit errors with the one body, tells onError, and leaves other errors to Fastify's own answer", async () => {
    const seen: string[] = [];
    const fastify = await ownHandler({ onError: (error) => seen.push(error.code) });
    const invalid = await fastify.inject({ method: 'POST', url: '/signup' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ statusCode: 400, code: 'ERR_JOURNEYS_VALIDATION', issues: expect.any(Array) });
    expect(seen).toEqual(['ERR_JOURNEYS_VALIDATION']);
    const other = await fastify.inject({ method: 'GET', url: '/boom' });
    expect(other.statusCode).toBe(500);
    expect(other.json()).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'not ours' });
  });

  it('gives other errors to the fallback', async () => {
    const fastify = await ownHandler({ fallback: (_error, _request, reply) => reply.code(418).send({ mine: true }) });
    const other = await fastify.inject({ method: 'GET', url: '/boom' });
    expect([other.statusCode, other.json()]).toEqual([418, { mine: true }]);
    expect((await fastify.inject({ method: 'POST', url: '/signup' })).statusCode).toBe(400);
  });

  it.each([
    ['an unknown option', { onErr: () => undefined }, /unknown option "onErr"/],
    ['a fallback that is no function', { fallback: 'x' }, /fallback must be a function/],
  ])('refuses %s', (_name, options, message) => {
    expect(() => journeysErrorHandler(options as never)).toThrow(JourneysConfigurationError);
    expect(() => journeysErrorHandler(options as never)).toThrow(message);
  });
});

describe('the client lifecycle', () => {
  it('a client the plugin created is closed in onClose', async () => {
    const close = vi.spyOn(JourneysClient.prototype, 'close');
    const fastify = await app();
    await post(fastify, '/signup');
    expect(close).not.toHaveBeenCalled();
    await fastify.close();
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('a client you pass is left open', async () => {
    const client = new JourneysClient({ apiKey: 'sk_test_fastify', baseUrl: server.url });
    const fastify = await app({ client });
    await fastify.close();
    await expect(client.invoke('welcome', { user_id: 'u1' })).resolves.toHaveProperty('runId');
    await client.close();
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a misspelt option', { identfy: () => undefined }, /unknown option "identfy" \(did you mean identify\?\)/],
    ['identify that is not a function', { identify: 'user' }, /identify must be a function, got string/],
    ['an outbox without enqueue', { outbox: {} }, /outbox must implement enqueue/],
  ])('refuses %s at register', async (_name, options, message) => {
    const fastify = Fastify();
    apps.push(fastify);
    await expect(fastify.register(journeys, { apiKey: 'k', ...options } as JourneysPluginOptions)).rejects.toThrow(message);
  });
});

describe('over real HTTP', () => {
  it('a journey started from a route on 127.0.0.1', async () => {
    const fastify = await app();
    const address = await fastify.listen({ port: 0, host: '127.0.0.1' });
    const answer = await httpRequest(`${address}/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user-id': 'grace' },
      body: JSON.stringify({ plan: 'team' }),
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ runId: server.invocations[0]!.runId });
    expect(server.invocations[0]!.request).toMatchObject({ user_id: 'grace', data: { plan: 'team' } });
  });
});
