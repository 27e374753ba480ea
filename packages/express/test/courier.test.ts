import { JourneysApiError } from '@journeykit/core';
import { FakeJourneysClient, startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import '@journeykit/testkit/vitest';
import type { Application } from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { invokeAfterResponse, journeys, journeysErrorHandler, type JourneysMiddleware } from '../src/index.js';
import { EXPRESS_VERSIONS, type ExpressFactory } from './support/express-versions.js';
import { route } from './support/route.js';
import { eventually, listen, request, type Listening } from '@journeykit/test-support/http';

const API_KEY = 'sk_test_courier_key';
let courier: FakeCourierServer;
const running: Listening[] = [];

beforeAll(async () => {
  courier = await startFakeCourier({ apiKey: API_KEY });
});
afterAll(() => courier.close());
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
  courier.reset();
});

/** An app as a user writes it: the middleware owns a real JourneysClient pointed at the fake Courier. */
async function realApp(express: ExpressFactory, reported: unknown[] = []): Promise<{ url: string; middleware: JourneysMiddleware }> {
  const app: Application = express();
  const middleware = journeys({
    apiKey: API_KEY,
    baseUrl: courier.url,
    retryDelayMs: 5,
    identify: (req) =>
      req.get('x-user-id') ? { user_id: req.get('x-user-id'), profile: { email: `${req.get('x-user-id')}@example.com` } } : undefined,
    onAfterResponseError: (error) => reported.push(error),
  });
  app.use(middleware);
  app.post(
    '/orders/:id',
    route(async (req, res) => {
      const { runId } = await req.journeys.invoke(
        'order-placed',
        { data: { order_id: req.params.id } },
        { idempotencyKey: `order-${req.params.id}-placed` },
      );
      res.status(201).json({ runId });
    }),
  );
  app.post('/signup/:status', (req, res) => {
    invokeAfterResponse(req, 'welcome', { data: { source: 'web' } });
    res.sendStatus(Number(req.params.status));
  });
  app.use(journeysErrorHandler());
  const listening = await listen(app);
  running.push(listening);
  return { url: listening.url, middleware };
}

describe.each(EXPRESS_VERSIONS)('%s: through a real JourneysClient to the fake Courier server', (_name, express) => {
  it('sends the merged request with the bearer key and the explicit idempotency key', async () => {
    const { url, middleware } = await realApp(express);
    const answer = await request(`${url}/orders/o42`, { method: 'POST', headers: { 'x-user-id': 'ada' } });
    expect(answer).toMatchObject({ status: 201, body: { runId: courier.invocations[0]?.runId } });
    expect(courier.invocations).toMatchObject([
      {
        templateId: 'order-placed',
        request: { user_id: 'ada', profile: { email: 'ada@example.com' }, data: { order_id: 'o42' } },
        idempotencyKey: 'order-o42-placed',
      },
    ]);
    // The same order again is a replay: Courier (and the fake) answer the first run, no new one.
    const again = await request(`${url}/orders/o42`, { method: 'POST', headers: { 'x-user-id': 'ada' } });
    expect(again.body).toStrictEqual(answer.body);
    expect(courier).toHaveInvokedJourneyTimes('order-placed', 1);
    // Every request went through the one client the middleware created: once closed, all fail.
    await middleware.close();
    const afterClose = await request(`${url}/orders/o43`, { method: 'POST', headers: { 'x-user-id': 'ada' } });
    expect(afterClose).toMatchObject({ status: 503, body: { code: 'ERR_JOURNEYS_CLOSED' } });
  });

  it.each([
    { name: 'Courier refuses (404)', fault: { kind: 'status', status: 404, body: { message: `no journey; key ${API_KEY}` } }, times: 1, status: 502 },
    { name: 'Courier is down (dropped connections)', fault: { kind: 'drop' }, times: Infinity, status: 503 },
  ] as const)('answers $status when $name, with nothing of Courier in the body', async ({ fault, times, status }) => {
    const { url, middleware } = await realApp(express);
    courier.inject(fault, { times });
    const answer = await request(`${url}/orders/o1`, { method: 'POST', headers: { 'x-user-id': 'ada' } });
    expect(answer.status).toBe(status);
    expect(answer.text).not.toContain(API_KEY);
    expect(answer.text).not.toMatch(/no journey|127\.0\.0\.1/);
    await middleware.close();
  });

  it('starts an after-response journey for a 201, none for a 500, and reports a Courier failure without touching the response', async () => {
    const reported: unknown[] = [];
    const { url, middleware } = await realApp(express, reported);
    expect((await request(`${url}/signup/201`, { method: 'POST', headers: { 'x-user-id': 'grace' } })).status).toBe(201);
    expect((await request(`${url}/signup/500`, { method: 'POST', headers: { 'x-user-id': 'linus' } })).status).toBe(500);
    courier.inject({ kind: 'status', status: 422, body: { message: 'bad profile' } });
    expect((await request(`${url}/signup/202`, { method: 'POST', headers: { 'x-user-id': 'ada' } })).status).toBe(202);
    await middleware.close(); // waits for the journeys started after the responses
    expect(courier).toHaveInvokedJourney('welcome', { user_id: 'grace', data: { source: 'web' } });
    expect(courier).toHaveInvokedJourneyTimes('welcome', 1);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toBeInstanceOf(JourneysApiError);
    expect(reported[0]).toMatchObject({ status: 422 });
  });

  it("a Courier that echoes the request: the app's caller gets the fixed 502, not Courier's text", async () => {
    const { url } = await realApp(express);
    const echoed = 'Invalid request: {"profile":{"email":"ada@example.com"},"data":{"order_id":"o42"},"authorization":"Bearer ..."}';
    courier.inject({ kind: 'status', status: 400, body: { message: echoed, type: 'invalid_request_error' } });
    const answer = await request(`${url}/orders/o42`, { method: 'POST', headers: { 'x-user-id': 'ada' } });
    expect(answer.status).toBe(502);
    expect(answer.body).toEqual({
      statusCode: 502,
      error: 'Bad Gateway',
      code: 'ERR_JOURNEYS_API',
      message: 'The notification service answered with an error',
    });
    expect(answer.text).not.toMatch(/ada@example\.com|Invalid request|Bearer/);
  });

  it("an after-response journey that Courier refuses with the request echoed: the warning names the failure, not Courier's text", async () => {
    const app: Application = express();
    app.use(journeys({ apiKey: API_KEY, baseUrl: courier.url, maxRetries: 0 }));
    app.post('/signup', (req, res) => {
      invokeAfterResponse(req, 'welcome', { profile: { email: 'ada@example.com' }, data: { plan: 'pro' } });
      res.sendStatus(201);
    });
    const listening = await listen(app);
    running.push(listening);
    const echoed = 'Invalid request: {"profile":{"email":"ada@example.com"},"data":{"plan":"pro"}}';
    courier.inject({ kind: 'status', status: 400, body: { message: echoed, type: 'invalid_request_error' } });
    const warned = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      expect((await request(`${listening.url}/signup`, { method: 'POST' })).status).toBe(201);
      await eventually(() => expect(warned).toHaveBeenCalledTimes(1));
      expect(warned.mock.calls[0]).toEqual([
        expect.stringMatching(
          /^journeykit: a journey started after the response failed: ERR_JOURNEYS_API: Courier answered 400 \(invalid_request_error\), request id fake-\d+$/,
        ),
        { code: 'JOURNEYKIT_AFTER_RESPONSE_ERROR' },
      ]);
    } finally {
      warned.mockRestore();
    }
  });
});

// The testing recipe of the README, kept honest: a FakeJourneysClient in place of Courier.
describe.each(EXPRESS_VERSIONS)('%s: README testing recipe', (_name, express) => {
  it('asserts on what a route started, with no network', async () => {
    const fake = new FakeJourneysClient({ seed: 1 });
    const app = express();
    app.use(journeys({ client: fake, identify: (req) => ({ user_id: req.get('x-user-id') }) }));
    app.post(
      '/signup',
      route(async (req, res) => res.status(201).json(await req.journeys.invoke('welcome', { data: { plan: 'pro' } }))),
    );
    const listening = await listen(app);
    running.push(listening);

    const answer = await request(`${listening.url}/signup`, { method: 'POST', headers: { 'x-user-id': 'u1' } });

    expect(answer.status).toBe(201);
    expect(fake).toHaveInvokedJourney('welcome', { user_id: 'u1', data: { plan: 'pro' } });
    expect(fake).toHaveInvokedJourneyTimes('welcome', 1);
  });
});
