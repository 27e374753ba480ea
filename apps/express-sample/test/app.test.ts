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

function courier() {
  return app.fakeCourier!;
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const answer = await request(`${app.url}${path}`, { method: 'POST', headers, body });
  expect(answer.text).not.toContain('fake-courier-key');
  return { status: answer.status, body: answer.body as Record<string, any> };
}

/** Journeys started after a response land shortly after it: wait for the fake server to see them. */
async function received(count: number) {
  const deadline = Date.now() + 2_000;
  while (courier().invocations.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  // Then a little longer, on purpose: it shows NO unexpected extra invocation arrives.
  await new Promise((r) => setTimeout(r, 20));
  return courier().invocations;
}

let emails = 0;
async function signUp(name = 'Ada') {
  const email = `${name.toLowerCase()}-${++emails}@example.com`;
  const answer = await post('/signup', { email, name, plan: 'pro' });
  expect(answer.status).toBe(201);
  await received(1);
  courier().reset();
  return answer.body as { id: string; email: string; name: string };
}

describe('express-sample, driven over HTTP against the embedded fake Courier', () => {
  it('starts the fake Courier server when no API key is set', () => {
    expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(app.fakeCourier?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  describe('POST /signup: welcome journey after the 201 (route-level helper)', () => {
    it('starts "welcome" once for the new user, keyed by the user', async () => {
      const answer = await post('/signup', { email: 'Grace@Example.com', name: 'Grace', plan: 'pro' });
      expect(answer.status).toBe(201);
      const [run, ...more] = await received(1);
      expect(more).toHaveLength(0);
      expect(run).toMatchObject({
        templateId: 'welcome',
        request: { user_id: answer.body.id, profile: { email: 'grace@example.com', name: 'Grace' }, data: { plan: 'pro' } },
        userId: answer.body.id,
        idempotencyKey: `user-${answer.body.id}-welcome`,
      });
      expect(run!.runId).toMatch(RUN_ID_PATTERN);
      expect(logs).toContain(`welcome journey ${run!.runId} started for Grace@Example.com`);
    });

    it.each([
      { name: 'an invalid body', body: { email: 'not-an-email', name: '' }, status: 400 },
      { name: 'malformed JSON', body: '{"email":', status: 400 },
    ])('answers $status to $name and starts nothing', async ({ body, status }) => {
      expect((await post('/signup', body)).status).toBe(status);
      expect(await received(0)).toHaveLength(0);
    });

    it('answers 409 to a taken email and starts nothing more', async () => {
      const user = await signUp('Linus');
      expect((await post('/signup', { email: user.email, name: 'Linus again' })).status).toBe(409);
      expect(await received(0)).toHaveLength(0);
    });
  });

  describe('POST /orders: order-placed journey after the 201 (in-handler helper + identify)', () => {
    const items = [
      { sku: 'book', quantity: 2, price_cents: 1500 },
      { sku: 'pen', quantity: 1, price_cents: 250 },
    ];

    it('fills user_id and profile from the signed-in user and keys the run by the order', async () => {
      const user = await signUp('Margaret');
      const answer = await post('/orders', { items }, { 'x-user-id': user.id });
      expect(answer.status).toBe(201);
      const invocations = await received(1);
      expect(invocations).toHaveLength(1);
      expect(invocations[0]).toMatchObject({
        templateId: 'order-placed',
        request: {
          user_id: user.id,
          profile: { email: user.email, name: 'Margaret' },
          data: { order_id: answer.body.id, total_cents: 3250, items },
        },
        idempotencyKey: `order-${answer.body.id}-placed`,
      });
    });

    it.each<{ name: string; userId: string | undefined; body: unknown; status: number }>([
      { name: 'no signed-in user', userId: undefined, body: { items }, status: 401 },
      { name: 'an unknown user', userId: 'usr_nobody', body: { items }, status: 401 },
      { name: 'an empty order', userId: 'signed-in', body: { items: [] }, status: 400 },
    ])('answers $status for $name and starts nothing', async ({ userId, body, status }) => {
      const user = await signUp('Barbara');
      const id = userId === 'signed-in' ? user.id : userId;
      const sent: Record<string, string> = id === undefined ? {} : { 'x-user-id': id };
      expect((await post('/orders', body, sent)).status).toBe(status);
      expect(await received(0)).toHaveLength(0);
    });

    it('retries a Courier 503 with the same key: one run, two requests', async () => {
      const user = await signUp('Katherine');
      courier().inject({ kind: 'status', status: 503, stored: false });
      const answer = await post('/orders', { items }, { 'x-user-id': user.id });
      expect(answer.status).toBe(201);
      expect(await received(1)).toHaveLength(1);
      const key = `order-${answer.body.id}-placed`;
      expect(courier().requests.map((r) => [r.status, r.idempotencyKey])).toStrictEqual([
        [503, key],
        [200, key],
      ]);
    });

    it('keeps the 201 when Courier refuses, and logs the failure instead', async () => {
      const user = await signUp('Frances');
      courier().inject({ kind: 'status', status: 400, body: { message: 'Unknown journey' } });
      const answer = await post('/orders', { items }, { 'x-user-id': user.id });
      expect(answer.status).toBe(201);
      await expect.poll(() => logs.find((l) => l.startsWith('journey after POST /orders failed'))).toContain('Courier answered 400');
      expect(courier().invocations).toHaveLength(0);
    });
  });

  describe("POST /orders/:id/cancel: the order journey is cancelled by the catalog's token", () => {
    const items = [{ sku: 'book', quantity: 1, price_cents: 1500 }];

    async function placeOrder(userId: string) {
      const before = courier().invocations.length;
      const answer = await post('/orders', { items }, { 'x-user-id': userId });
      expect(answer.status).toBe(201);
      const run = (await received(before + 1)).at(-1);
      expect(run?.request.data).toMatchObject({ order_id: answer.body.id });
      return { order: answer.body as { id: string }, runId: run!.runId };
    }

    it("cancels the run of that order only, and the order's status says cancelled", async () => {
      const user = await signUp('Mary');
      const { order, runId } = await placeOrder(user.id);
      const { runId: otherRunId } = await placeOrder(user.id);
      expect(courier().invocations.find((i) => i.runId === runId)).toMatchObject({ cancelationToken: `order-${order.id}` });

      const answer = await post(`/orders/${order.id}/cancel`, {}, { 'x-user-id': user.id });
      expect(answer).toMatchObject({
        status: 200,
        body: { order: { id: order.id, status: 'cancelled' }, journey: { cancelation_token: `order-${order.id}` } },
      });
      expect(courier()).toHaveCanceledRun({ cancelation_token: `order-${order.id}` });
      expect(courier()).toHaveCanceledJourney('order-placed', { data: { order_id: order.id } });
      expect(courier().run(runId)?.status).toBe('CANCELED');
      expect(courier().run(otherRunId)?.status).toBe('PROCESSING');
      expect(courier().requests.filter((r) => r.endpoint === 'cancel')).toMatchObject([{ idempotencyKey: `order-${order.id}-cancel`, status: 202 }]);
      expect(logs).toContain(`order-placed journey of ${order.id} cancelled (token order-${order.id})`);
    });

    it('answers 409 to a second cancel and 404 to an order of someone else, and cancels nothing more', async () => {
      const owner = await signUp('Dorothy');
      const stranger = await signUp('Edith');
      const { order } = await placeOrder(owner.id);
      expect((await post(`/orders/${order.id}/cancel`, {}, { 'x-user-id': stranger.id })).status).toBe(404);
      expect((await post(`/orders/ord_missing/cancel`, {}, { 'x-user-id': owner.id })).status).toBe(404);
      expect((await post(`/orders/${order.id}/cancel`, {}, { 'x-user-id': owner.id })).status).toBe(200);
      expect((await post(`/orders/${order.id}/cancel`, {}, { 'x-user-id': owner.id })).status).toBe(409);
      expect(courier().cancellations).toHaveLength(1);
    });

    it('retries a Courier 503 on the cancel with the same key', async () => {
      const user = await signUp('Ida');
      const { order, runId } = await placeOrder(user.id);
      courier().inject({ kind: 'status', status: 503, stored: false }, { endpoint: 'cancel' });
      expect((await post(`/orders/${order.id}/cancel`, {}, { 'x-user-id': user.id })).status).toBe(200);
      expect(
        courier()
          .requests.filter((r) => r.endpoint === 'cancel')
          .map((r) => [r.status, r.idempotencyKey]),
      ).toEqual([
        [503, `order-${order.id}-cancel`],
        [202, `order-${order.id}-cancel`],
      ]);
      expect(courier().run(runId)?.status).toBe('CANCELED');
    });
  });

  describe('POST /password-reset: awaited invoke, failures through journeysErrorHandler()', () => {
    it('starts "password-reset" for a known email with a one-time link, keyed by the token', async () => {
      const user = await signUp('Hedy');
      const answer = await post('/password-reset', { email: user.email });
      expect(answer.status).toBe(202);
      const [run] = courier().invocations; // awaited: already there when the answer arrives
      expect(courier().invocations).toHaveLength(1);
      const resetUrl = (run!.request.data as { reset_url: string }).reset_url;
      const token = resetUrl.split('/reset/')[1];
      expect(token).toMatch(/^[0-9a-f]{32}$/);
      expect(run).toMatchObject({
        templateId: 'password-reset',
        request: { user_id: user.id, profile: { email: user.email } },
        idempotencyKey: `password-reset-${token}`,
      });
    });

    it('answers the same 202 for an unknown email and starts nothing', async () => {
      const answer = await post('/password-reset', { email: 'nobody@example.com' });
      expect(answer).toMatchObject({ status: 202, body: { message: expect.stringContaining('If an account exists') } });
      expect(await received(0)).toHaveLength(0);
    });

    it.each([
      {
        name: 'Courier answers 404',
        fault: { kind: 'status', status: 404, body: { message: 'journey password-reset not found' } },
        times: 1,
        status: 502,
        code: 'ERR_JOURNEYS_API',
      },
      { name: 'Courier keeps dropping the connection', fault: { kind: 'drop' }, times: Infinity, status: 503, code: 'ERR_JOURNEYS_CONNECTION' },
    ] as const)('answers $status when $name, without Courier details', async ({ fault, times, status, code }) => {
      const user = await signUp('Ida');
      courier().inject(fault, { times });
      const answer = await post('/password-reset', { email: user.email });
      expect(answer).toMatchObject({ status, body: { statusCode: status, code } });
      expect(JSON.stringify(answer.body)).not.toMatch(/not found|127\.0\.0\.1|Courier/);
      expect(logs.some((l) => l.startsWith('POST /password-reset:'))).toBe(true);
    });
  });

  describe('POST /invites: the call names its own recipient, so identify does not fill in the inviter', () => {
    it('sends the invite to the invitee only', async () => {
      const user = await signUp('Radia');
      const answer = await post('/invites', { email: 'friend@example.com' }, { 'x-user-id': user.id });
      expect(answer.status).toBe(201);
      expect(courier().invocations).toMatchObject([
        {
          templateId: 'invite',
          request: { profile: { email: 'friend@example.com' }, data: { invited_by: 'Radia' } },
          userId: undefined,
          runId: answer.body.runId,
        },
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
