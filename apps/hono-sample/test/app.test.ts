import { request } from '@journeykit/test-support/http';
import { RUN_ID_PATTERN } from '@journeykit/testkit';
import '@journeykit/testkit/vitest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { start, type RunningApp } from '../src/app.js';

let app: RunningApp;
const logs: string[] = [];
const savedKey = process.env.COURIER_API_KEY;

beforeAll(async () => {
  delete process.env.COURIER_API_KEY;
  // Retries stay on (they are part of what is tested) but wait 5 ms instead of 250+.
  app = await start({ client: { retryDelayMs: 5, timeoutMs: 2_000 }, log: (line) => logs.push(line) });
});
afterAll(async () => {
  await app?.close();
  if (savedKey !== undefined) process.env.COURIER_API_KEY = savedKey;
});
beforeEach(() => {
  app.fakeCourier!.reset();
  logs.length = 0;
});

const courier = () => app.fakeCourier!;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const answer = await request(`${app.url}${path}`, { method, headers, body });
  expect(answer.text).not.toContain('fake-courier-key');
  return { status: answer.status, body: answer.body as Record<string, any> };
}
const post = (path: string, body: unknown, headers: Record<string, string> = {}) => call('POST', path, body, headers);

let emails = 0;
async function signUp(name = 'Ada') {
  const answer = await post('/signup', { email: `${name.toLowerCase()}-${++emails}@example.com`, name, plan: 'pro' });
  expect(answer.status).toBe(201);
  courier().reset();
  return answer.body.user as { id: string; email: string; name: string };
}

async function placeOrder(userId: string, total_cents = 3250) {
  const answer = await post('/orders', { total_cents }, { 'x-user-id': userId });
  expect(answer.status).toBe(201);
  return answer.body as { order: { id: string }; runId: string };
}

describe('hono-sample, driven over HTTP against the embedded fake Courier', () => {
  it('starts the fake Courier server when no API key is set', async () => {
    expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(app.fakeCourier?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await call('GET', '/health')).body).toEqual({ ok: true });
  });

  describe('POST /signup: the call names the new user', () => {
    it('starts "welcome" once for the new user, keyed by the user', async () => {
      const answer = await post('/signup', { email: 'Grace@Example.com', name: 'Grace', plan: 'pro' });
      expect(answer.status).toBe(201);
      const user = answer.body.user as { id: string };
      expect(courier().invocations).toMatchObject([
        {
          templateId: 'welcome',
          request: { user_id: user.id, profile: { email: 'grace@example.com', name: 'Grace' }, data: { plan: 'pro' } },
          idempotencyKey: `user-${user.id}-welcome`,
          runId: answer.body.runId,
        },
      ]);
      expect(answer.body.runId).toMatch(RUN_ID_PATTERN);
      expect(logs).toContain(`welcome journey ${answer.body.runId} started for grace@example.com`);
    });

    it.each([
      { name: 'an invalid body', body: { email: 'not-an-email', name: '' }, status: 400 },
      { name: 'malformed JSON', body: '{"email":', status: 400 },
    ])('answers $status to $name and starts nothing', async ({ body, status }) => {
      expect(await post('/signup', body)).toMatchObject({ status, body: { statusCode: status, code: 'INVALID_BODY' } });
      expect(courier().requests).toHaveLength(0);
    });

    it('answers 409 to a taken email and starts nothing more', async () => {
      const user = await signUp('Linus');
      expect((await post('/signup', { email: user.email, name: 'Linus again' })).status).toBe(409);
      expect(courier().requests).toHaveLength(0);
    });

    it.each([
      {
        name: 'Courier answers 404',
        fault: { kind: 'status', status: 404, body: { message: 'journey welcome not found' } },
        times: 1,
        status: 502,
        code: 'ERR_JOURNEYS_API',
      },
      { name: 'Courier keeps dropping the connection', fault: { kind: 'drop' }, times: Infinity, status: 503, code: 'ERR_JOURNEYS_CONNECTION' },
    ] as const)('answers $status when $name, without Courier details', async ({ fault, times, status, code }) => {
      courier().inject(fault, { times });
      const answer = await post('/signup', { email: `hedy-${++emails}@example.com`, name: 'Hedy' });
      expect(answer).toMatchObject({ status, body: { statusCode: status, code } });
      expect(JSON.stringify(answer.body)).not.toMatch(/not found|127\.0\.0\.1|Courier/);
      expect(logs.some((l) => l.startsWith('POST /signup: Journeys'))).toBe(true);
    });
  });

  describe('POST /orders: identify(c) fills in the signed-in user', () => {
    it('fills user_id and profile from the signed-in user and keys the run by the order', async () => {
      const user = await signUp('Margaret');
      const { order, runId } = await placeOrder(user.id);
      expect(courier().invocations).toMatchObject([
        {
          templateId: 'order-placed',
          request: { user_id: user.id, profile: { email: user.email, name: 'Margaret' }, data: { order_id: order.id, total_cents: 3250 } },
          idempotencyKey: `order-${order.id}-placed`,
          runId,
        },
      ]);
    });

    it('retries a Courier 503 with the same key: one run, two requests', async () => {
      const user = await signUp('Katherine');
      courier().inject({ kind: 'status', status: 503, stored: false });
      const { order } = await placeOrder(user.id);
      const key = `order-${order.id}-placed`;
      expect(courier().requests.map((r) => [r.status, r.idempotencyKey])).toStrictEqual([
        [503, key],
        [200, key],
      ]);
      expect(courier().invocations).toHaveLength(1);
    });

    it.each<{ name: string; userId: string | undefined; body: unknown; status: number }>([
      { name: 'no signed-in user', userId: undefined, body: { total_cents: 1 }, status: 401 },
      { name: 'an unknown user', userId: 'usr_nobody', body: { total_cents: 1 }, status: 401 },
      { name: 'a negative total', userId: 'signed-in', body: { total_cents: -1 }, status: 400 },
    ])('answers $status for $name and starts nothing', async ({ userId, body, status }) => {
      const user = await signUp('Barbara');
      const id = userId === 'signed-in' ? user.id : userId;
      expect((await post('/orders', body, id === undefined ? {} : { 'x-user-id': id })).status).toBe(status);
      expect(courier().requests).toHaveLength(0);
    });
  });

  describe("POST /orders/:id/cancel: the order's journey is cancelled by the catalog's token", () => {
    it('cancels the run of that order only', async () => {
      const user = await signUp('Mary');
      const { order, runId } = await placeOrder(user.id);
      const { runId: otherRunId } = await placeOrder(user.id);
      const answer = await post(`/orders/${order.id}/cancel`, {}, { 'x-user-id': user.id });
      expect(answer).toMatchObject({
        status: 200,
        body: { order: { id: order.id, status: 'cancelled' }, journey: { cancelation_token: `order-${order.id}` } },
      });
      expect(courier()).toHaveCanceledJourney('order-placed', { data: { order_id: order.id } });
      expect(courier().run(runId)?.status).toBe('CANCELED');
      expect(courier().run(otherRunId)?.status).toBe('PROCESSING');
      expect(courier().requests.filter((r) => r.endpoint === 'cancel')).toMatchObject([{ idempotencyKey: `order-${order.id}-cancel`, status: 202 }]);
    });

    it('answers 404 to an order of someone else and 409 to a second cancel, and cancels nothing more', async () => {
      const owner = await signUp('Dorothy');
      const stranger = await signUp('Edith');
      const { order } = await placeOrder(owner.id);
      expect((await post(`/orders/${order.id}/cancel`, {}, { 'x-user-id': stranger.id })).status).toBe(404);
      expect((await post(`/orders/${order.id}/cancel`, {}, { 'x-user-id': owner.id })).status).toBe(200);
      expect((await post(`/orders/${order.id}/cancel`, {}, { 'x-user-id': owner.id })).status).toBe(409);
      expect(courier().cancellations).toHaveLength(1);
    });
  });

  describe('GET /runs/:runId: run status through c.var.journeys.runs', () => {
    it('answers the run Courier holds, and 404 with the one error body for a run it does not', async () => {
      const user = await signUp('Ida');
      const { runId } = await placeOrder(user.id);
      expect(await call('GET', `/runs/${runId}`, undefined, { 'x-user-id': user.id })).toMatchObject({
        status: 200,
        body: { run_id: runId, status: 'PROCESSING' },
      });
      expect(await call('GET', '/runs/1-missing', undefined, { 'x-user-id': user.id })).toMatchObject({
        status: 404,
        body: { statusCode: 404, code: 'ERR_JOURNEYS_RUN_NOT_FOUND' },
      });
    });
  });

  describe('POST /invites: the call names its own recipient, so identify does not fill in the inviter', () => {
    it('sends the invite to the invitee only, through untyped', async () => {
      const user = await signUp('Radia');
      const answer = await post('/invites', { email: 'friend@example.com' }, { 'x-user-id': user.id });
      expect(answer.status).toBe(201);
      expect(courier().invocations).toMatchObject([
        { templateId: 'invite', request: { profile: { email: 'friend@example.com' }, data: { invited_by: 'Radia' } }, runId: answer.body.runId },
      ]);
      expect(courier().invocations[0]!.request).not.toHaveProperty('user_id');
    });

    it('turns an empty email into a 400 listing the problem, and sends nothing', async () => {
      const user = await signUp('Annie');
      const answer = await post('/invites', { email: '' }, { 'x-user-id': user.id });
      expect(answer).toMatchObject({ status: 400, body: { statusCode: 400, code: 'ERR_JOURNEYS_VALIDATION', issues: [{ path: [] }] } });
      expect(courier().requests).toHaveLength(0);
    });
  });
});
