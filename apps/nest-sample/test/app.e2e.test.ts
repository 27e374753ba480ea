import '@journeykit/testkit/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type StartedApp } from '../src/app.js';
import { request } from '@journeykit/test-support/http';

describe('nest-sample with the embedded fake Courier server (no COURIER_API_KEY)', () => {
  let app: StartedApp;
  let fake: NonNullable<StartedApp['fakeCourier']>;

  beforeAll(async () => {
    app = await start({ env: {}, logger: false });
    fake = app.fakeCourier!;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('starts the fake server and says so', async () => {
    expect(app.fakeCourier).toBeDefined();
    expect(app.journeysTarget).toBe('fake-courier');
    expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const status = await request(`${app.url}/`);
    expect(status).toMatchObject({ status: 200, body: { status: 'ok', journeys: 'fake-courier' } });
  });

  it('POST /signup starts the welcome journey for the email', async () => {
    const answer = await request(`${app.url}/signup`, { method: 'POST', body: { email: 'ada@example.com', name: 'Ada', plan: 'pro' } });
    expect(answer.status).toBe(201);
    const { runId } = answer.body as { runId: string };
    expect(runId).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(fake.invocations.at(-1)).toMatchObject({
      templateId: 'welcome',
      runId,
      userId: undefined,
      request: { profile: { email: 'ada@example.com', name: 'Ada' }, data: { plan: 'pro' } },
    });
  });

  it('POST /orders starts order-placed once per order, however often the order is posted', async () => {
    const order = { orderId: 'o-1001', userId: 'user-7', total: 42.5, items: [{ sku: 'tea', qty: 2 }] };
    const runsBefore = fake.invocations.length;
    const requestsBefore = fake.requests.length;
    const first = await request(`${app.url}/orders`, { method: 'POST', body: order });
    const again = await request(`${app.url}/orders`, { method: 'POST', body: order });

    expect(first).toMatchObject({ status: 201, body: { orderId: 'o-1001', runId: expect.any(String) } });
    expect(again.body).toEqual(first.body);
    // Two requests reached the server, with the same key; Courier's replay made it one run.
    const sent = fake.requests.slice(requestsBefore);
    expect(sent).toHaveLength(2);
    expect(sent).toMatchObject([
      { idempotencyKey: 'order-o-1001-placed', outcome: 'created' },
      { idempotencyKey: 'order-o-1001-placed', outcome: 'replayed' },
    ]);
    expect(fake).toHaveInvokedJourneyTimes('order-placed', 1);
    expect(fake.invocations.slice(runsBefore)).toMatchObject([
      {
        templateId: 'order-placed',
        userId: 'user-7',
        idempotencyKey: 'order-o-1001-placed',
        request: { user_id: 'user-7', data: { order_id: 'o-1001', total: 42.5, items: [{ sku: 'tea', qty: 2 }] } },
      },
    ]);
  });

  const badRequests: Array<[string, string, unknown, Array<string | number>]> = [
    ['a sign-up without an email', '/signup', { name: 'Ada' }, []],
    ['a sign-up with an empty email', '/signup', { email: '' }, []],
    ['an order whose userId is a number', '/orders', { orderId: 'o-2', userId: 42 }, ['user_id']],
    // The journey catalog (src/journeys.ts) at run time: data that fails a journey's schema.
    ['a sign-up with an unknown plan', '/signup', { email: 'ada@example.com', plan: 'gold' }, ['data', 'plan']],
    ['an order whose total is a string', '/orders', { orderId: 'o-3', userId: 'user-7', total: '42' }, ['data', 'total']],
    ['an order item without a sku', '/orders', { orderId: 'o-4', userId: 'user-7', total: 1, items: [{ qty: 1 }] }, ['data', 'items', 0, 'sku']],
  ];

  it.each(badRequests)('answers %s with a 400 listing the issues, and sends nothing to Courier', async (_name, path, body, issuePath) => {
    const requestsBefore = fake.requests.length;
    const answer = await request(`${app.url}${path}`, { method: 'POST', body });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      code: 'ERR_JOURNEYS_VALIDATION',
      issues: expect.arrayContaining([expect.objectContaining({ path: issuePath })]),
    });
    expect(fake.requests.length).toBe(requestsBefore);
  });

  it('answers 502 when Courier fails, without Courier details', async () => {
    fake.inject({ kind: 'status', status: 404, body: { message: 'journey not found: secret-internal-name' } });
    const answer = await request(`${app.url}/signup`, { method: 'POST', body: { email: 'grace@example.com' } });
    expect(answer.status).toBe(502);
    expect(answer.body).toEqual({
      statusCode: 502,
      error: 'Bad Gateway',
      code: 'ERR_JOURNEYS_API',
      message: 'The notification service answered with an error',
    });
  });

  describe("GET /runs/:runId: a run's status and steps", () => {
    it('follows a run from PROCESSING to PROCESSED, with the message id of the send step', async () => {
      const { runId } = (await request(`${app.url}/signup`, { method: 'POST', body: { email: 'mary@example.com' } })).body as { runId: string };
      const early = await request(`${app.url}/runs/${runId}`);
      expect(early).toMatchObject({ status: 200, body: { run: { run_id: runId, template_id: 'welcome', source: expect.any(Array) } } });
      expect(['PROCESSING', 'WAITING']).toContain((early.body as { run: { status: string } }).run.status);

      await expect
        .poll(async () => ((await request(`${app.url}/runs/${runId}`)).body as { run: { status: string } }).run.status, {
          timeout: 5_000,
          interval: 50,
        })
        .toBe('PROCESSED');
      const done = await request(`${app.url}/runs/${runId}`);
      const { steps } = done.body as { steps: Array<{ action: string; status: string; message_id?: string }> };
      expect(steps).toEqual(fake.runSteps(runId));
      expect(steps.map((step) => step.action)).toEqual(['trigger', 'delay', 'send']);
      expect(steps.at(-1)?.message_id).toEqual(expect.any(String));
      expect(fake.requests.filter((r) => r.runId === runId && r.endpoint !== 'invoke').map((r) => r.endpoint)).toContain('runs.steps');
    });

    it('shows a canceled run as CANCELED', async () => {
      const { runId } = (await request(`${app.url}/signup`, { method: 'POST', body: { email: 'ida@example.com' } })).body as { runId: string };
      fake.setRunStatus(runId, 'CANCELED');
      expect(await request(`${app.url}/runs/${runId}`)).toMatchObject({ status: 200, body: { run: { status: 'CANCELED' } } });
    });

    it("answers 404 for an unknown run, in Nest's error shape", async () => {
      const answer = await request(`${app.url}/runs/1-00000000-000000000000000000000000`);
      expect(answer).toMatchObject({
        status: 404,
        body: { statusCode: 404, error: 'Not Found', code: 'ERR_JOURNEYS_RUN_NOT_FOUND', message: 'The journey run was not found' },
      });
    });

    it('retries a Courier 503 on the read and answers the run', async () => {
      const { runId } = (await request(`${app.url}/signup`, { method: 'POST', body: { email: 'edith@example.com' } })).body as { runId: string };
      fake.inject({ kind: 'status', status: 503, stored: false }, { endpoint: 'runs.get', times: 1 });
      expect(await request(`${app.url}/runs/${runId}`)).toMatchObject({ status: 200, body: { run: { run_id: runId } } });
      expect(fake.requests.filter((r) => r.endpoint === 'runs.get' && r.runId === runId).map((r) => r.status)).toEqual([503, 200]);
    });
  });
});
