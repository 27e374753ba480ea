import { startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { invite } from '../src/app/actions';
import { POST as resetPassword } from '../src/app/api/password-reset/route';
import { POST as signUp } from '../src/app/api/signup/route';
import { startWelcome } from '../src/lib/welcome';
import { postJson, serveRoutes, type RouteServer } from './next-request-scope';

// The recipe on Next's Node runtime: the route handlers served over real HTTP on 127.0.0.1 in Next's
// request scope (the real `after()`), core's default undici transport, the fake Courier on 127.0.0.1.
const API_KEY = 'sk_test_node_recipe';
let courier: FakeCourierServer;
let app: RouteServer;
const taskErrors: unknown[] = [];

beforeAll(async () => {
  courier = await startFakeCourier({ apiKey: API_KEY });
  // Read once, by the module-scope client's first call (src/lib/journeys.ts).
  vi.stubEnv('COURIER_API_KEY', API_KEY);
  vi.stubEnv('COURIER_BASE_URL', courier.url);
  app = await serveRoutes({ '/api/signup': signUp, '/api/password-reset': resetPassword }, (error) => taskErrors.push(error));
});
afterAll(async () => {
  await app?.close();
  await courier?.close();
  vi.unstubAllEnvs();
});
beforeEach(async () => {
  await app.settled();
  courier.reset();
  taskErrors.length = 0;
});

describe('POST /api/signup: the welcome journey in after()', () => {
  it('answers 201 before the journey is started, then starts it once, keyed by the user', async () => {
    // Courier holds the call 200 ms: a handler that awaited it would send its answer after that.
    courier.inject({ kind: 'delay', durationMs: 200 });
    const answer = await postJson(`${app.url}/api/signup`, { email: 'ada@example.com' });
    expect(answer.status).toBe(201);
    await app.settled();
    expect(courier.invocations).toMatchObject([
      {
        templateId: 'welcome',
        idempotencyKey: `welcome-${String(answer.body.id)}`,
        request: { user_id: answer.body.id, profile: { email: 'ada@example.com' } },
      },
    ]);
    // The journey's request reached Courier only once the response had been sent.
    expect(courier.requests[0]!.at.getTime()).toBeGreaterThanOrEqual(app.finishedAt.at(-1)!);
    expect(taskErrors).toStrictEqual([]);
  });

  it('answers 400 to a bad email and schedules nothing', async () => {
    const answer = await postJson(`${app.url}/api/signup`, { email: 'nope' });
    expect(answer.status).toBe(400);
    await app.settled();
    expect(courier.requests).toHaveLength(0);
  });
});

describe('startWelcome(), the after() callback on its own', () => {
  it('logs a journey failure without the key and does not throw (the answer has gone)', async () => {
    courier.inject({ kind: 'status', status: 400, body: { message: 'template not found' } });
    const lines: string[] = [];
    await startWelcome({ id: 'usr_1', email: 'ada@example.com' }, (line) => lines.push(line));
    expect(lines).toStrictEqual([expect.stringMatching(/^welcome journey for usr_1 not started: ERR_JOURNEYS_API: /)]);
    expect(lines.join('\n')).not.toContain(API_KEY);
  });
});

describe('POST /api/password-reset on the Node runtime (the edge route’s code, over undici)', () => {
  it('retries a 503 under one key, then answers 202 with the run', async () => {
    courier.inject({ kind: 'status', status: 503, stored: false });
    const answer = await postJson(`${app.url}/api/password-reset`, { email: 'grace@example.com' });
    expect(answer.status).toBe(202);
    expect(courier.requests).toHaveLength(2);
    expect(new Set(courier.requests.map((r) => r.idempotencyKey)).size).toBe(1);
    expect(courier.invocations).toMatchObject([{ templateId: 'password-reset', runId: answer.body.runId }]);
  });

  it('answers 400 with what to fix and sends nothing', async () => {
    const answer = await postJson(`${app.url}/api/password-reset`, {});
    expect(answer).toMatchObject({ status: 400, body: { error: 'invalid', issues: [{ message: expect.stringContaining('no user to send to') }] } });
    expect(courier.requests).toHaveLength(0);
  });
});

describe('the invite server action on the Node runtime', () => {
  it.each([
    { name: 'an email', email: 'linus@example.com', result: { ok: true, runId: expect.any(String) }, sent: 1 },
    { name: 'no email', email: '', result: { ok: false, error: 'Check the email address', issues: [expect.anything()] }, sent: 0 },
  ])('with $name: returns what the form shows', async ({ email, result, sent }) => {
    const form = new FormData();
    form.set('email', email);
    expect(await invite(form)).toMatchObject(result);
    expect(courier.invocations).toHaveLength(sent);
  });

  it('Courier failing: an answer the form can show, not a thrown error', async () => {
    courier.inject({ kind: 'status', status: 400, body: { message: 'template not found' } });
    const form = new FormData();
    form.set('email', 'linus@example.com');
    expect(await invite(form)).toStrictEqual({ ok: false, error: 'Invites are unavailable right now, try again later' });
  });
});
