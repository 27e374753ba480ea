import { request } from '@journeykit/test-support/http';
import { RUN_ID_PATTERN } from '@journeykit/testkit';
import '@journeykit/testkit/vitest';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { start, type RunningApp } from '../src/app.js';

let app: RunningApp;
const logs: string[] = [];

beforeAll(async () => {
  vi.stubEnv('COURIER_API_KEY', undefined);
  // Retries stay on (they are part of what is tested) but wait 5 ms instead of 250+.
  app = await start({ client: { retryDelayMs: 5, timeoutMs: 2_000 }, log: (line) => logs.push(line) });
});
afterAll(async () => {
  await app?.close();
  vi.unstubAllEnvs();
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
const post = (path: string, body: unknown, headers?: Record<string, string>) => call('POST', path, body, headers);

let emails = 0;
async function signUp(name: string) {
  const answer = await post('/signup', { email: `${name.toLowerCase()}-${++emails}@example.com`, plan: 'pro' });
  expect(answer.status).toBe(201);
  await expect.poll(() => courier().invocations.length).toBe(1);
  courier().reset();
  return answer.body as { id: string; email: string };
}

describe('fastify-sample, driven over HTTP against the embedded fake Courier', () => {
  it('starts the fake Courier server when no API key is set', () => {
    expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(app.fakeCourier?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  describe("POST /signup: welcome journey in the route's onResponse hook", () => {
    it('starts "welcome" once for the new user, keyed by the user', async () => {
      const answer = await post('/signup', { email: 'Grace@Example.com', plan: 'pro' });
      expect(answer.status).toBe(201);
      await expect.poll(() => courier().invocations.length).toBe(1);
      const [run] = courier().invocations;
      expect(run).toMatchObject({
        templateId: 'welcome',
        request: { user_id: answer.body.id, profile: { email: 'grace@example.com' }, data: { plan: 'pro' } },
        idempotencyKey: `user-${answer.body.id}-welcome`,
      });
      expect(run!.runId).toMatch(RUN_ID_PATTERN);
      await expect.poll(() => logs).toContain(`welcome journey ${run!.runId} started for ${answer.body.id}`);
    });

    it.each([
      { name: 'an invalid body', body: { email: 'not-an-email' }, status: 400 },
      { name: 'malformed JSON', body: '{"email":', status: 400 },
    ])('answers $status to $name and starts nothing', async ({ body, status }) => {
      expect((await post('/signup', body)).status).toBe(status);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(courier().requests).toHaveLength(0);
    });

    it('answers 409 to a taken email and starts nothing more', async () => {
      const user = await signUp('Linus');
      expect((await post('/signup', { email: user.email })).status).toBe(409);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(courier().requests).toHaveLength(0);
    });

    it('keeps the 201 when Courier refuses, and logs the failure', async () => {
      courier().inject({ kind: 'status', status: 400, body: { message: 'Unknown journey' } });
      expect((await post('/signup', { email: 'frances@example.com' })).status).toBe(201);
      await expect.poll(() => logs.find((l) => l.startsWith('welcome journey for'))).toContain('failed');
      expect(courier().invocations).toHaveLength(0);
    });
  });

  describe('POST /orders: awaited, identify() fills in the signed-in user', () => {
    it('fills user_id and profile from the user and keys the run by the order', async () => {
      const user = await signUp('Margaret');
      const answer = await post('/orders', { total_cents: 3250 }, { 'x-user-id': user.id });
      expect(answer.status).toBe(201);
      expect(courier().invocations).toMatchObject([
        {
          templateId: 'order-placed',
          runId: answer.body.runId,
          request: { user_id: user.id, profile: { email: user.email }, data: { order_id: answer.body.order.id, total_cents: 3250 } },
          idempotencyKey: `order-${answer.body.order.id}-placed`,
        },
      ]);
    });

    it('retries a Courier 503 with the same key: one run, two requests', async () => {
      const user = await signUp('Katherine');
      courier().inject({ kind: 'status', status: 503, stored: false });
      const answer = await post('/orders', { total_cents: 100 }, { 'x-user-id': user.id });
      expect(answer.status).toBe(201);
      const key = `order-${answer.body.order.id}-placed`;
      expect(courier().requests.map((r) => [r.status, r.idempotencyKey])).toStrictEqual([
        [503, key],
        [200, key],
      ]);
    });

    it.each<{ name: string; user: 'none' | 'unknown' | 'signed-in'; body: unknown; status: number }>([
      { name: 'no signed-in user', user: 'none', body: { total_cents: 1 }, status: 401 },
      { name: 'an unknown user', user: 'unknown', body: { total_cents: 1 }, status: 401 },
      { name: 'a negative total', user: 'signed-in', body: { total_cents: -1 }, status: 400 },
    ])('answers $status for $name and starts nothing', async ({ user, body, status }) => {
      const signedIn = await signUp('Barbara');
      const headers: Record<string, string> = user === 'none' ? {} : { 'x-user-id': user === 'unknown' ? 'usr_nobody' : signedIn.id };
      expect((await post('/orders', body, headers)).status).toBe(status);
      expect(courier().requests).toHaveLength(0);
    });
  });

  describe("POST /orders/:id/cancel: the order's journey cancelled by the catalog's token", () => {
    it('cancels the run of that order only', async () => {
      const user = await signUp('Mary');
      const first = await post('/orders', { total_cents: 10 }, { 'x-user-id': user.id });
      const second = await post('/orders', { total_cents: 20 }, { 'x-user-id': user.id });
      const order = first.body.order.id as string;
      const answer = await post(`/orders/${order}/cancel`, {}, { 'x-user-id': user.id });
      expect(answer).toMatchObject({
        status: 200,
        body: { order: { id: order, status: 'cancelled' }, journey: { cancelation_token: `order-${order}` } },
      });
      expect(courier()).toHaveCanceledJourney('order-placed', { data: { order_id: order } });
      expect(courier().run(first.body.runId)?.status).toBe('CANCELED');
      expect(courier().run(second.body.runId)?.status).toBe('PROCESSING');
      expect(courier().requests.filter((r) => r.endpoint === 'cancel')).toMatchObject([{ idempotencyKey: `order-${order}-cancel`, status: 202 }]);
    });

    it("answers 404 to someone else's order and to a second cancel, and cancels nothing more", async () => {
      const owner = await signUp('Dorothy');
      const stranger = await signUp('Edith');
      const order = (await post('/orders', { total_cents: 10 }, { 'x-user-id': owner.id })).body.order.id as string;
      expect((await post(`/orders/${order}/cancel`, {}, { 'x-user-id': stranger.id })).status).toBe(404);
      expect((await post(`/orders/${order}/cancel`, {}, { 'x-user-id': owner.id })).status).toBe(200);
      expect((await post(`/orders/${order}/cancel`, {}, { 'x-user-id': owner.id })).status).toBe(404);
      expect(courier().cancellations).toHaveLength(1);
    });
  });

  describe("POST /password-reset: awaited, failures through the plugin's error handler", () => {
    it('starts "password-reset" for a known email, keyed by its one-time token', async () => {
      const user = await signUp('Hedy');
      expect((await post('/password-reset', { email: user.email })).status).toBe(202);
      const [run] = courier().invocations; // awaited: already there when the answer arrives
      const token = (run!.request.data as { reset_url: string }).reset_url.split('/reset/')[1];
      expect(run).toMatchObject({ templateId: 'password-reset', request: { user_id: user.id }, idempotencyKey: `password-reset-${token}` });
    });

    it('answers the same 202 for an unknown email and starts nothing', async () => {
      expect(await post('/password-reset', { email: 'nobody@example.com' })).toMatchObject({
        status: 202,
        body: { message: expect.stringContaining('If an account exists') },
      });
      expect(courier().requests).toHaveLength(0);
    });

    it.each([
      {
        name: 'Courier answers 404',
        fault: { kind: 'status', status: 404, body: { message: 'journey not found' } },
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

  describe('GET /runs/:runId', () => {
    it("answers a run's status, and 404 for an unknown run", async () => {
      const user = await signUp('Radia');
      const { runId } = (await post('/orders', { total_cents: 1 }, { 'x-user-id': user.id })).body;
      expect(await call('GET', `/runs/${String(runId)}`)).toMatchObject({
        status: 200,
        body: { run_id: runId, template_id: 'order-placed', status: 'PROCESSING' },
      });
      expect(await call('GET', '/runs/no-such-run')).toMatchObject({ status: 404, body: { code: 'ERR_JOURNEYS_RUN_NOT_FOUND' } });
    });
  });
});
