import { startFakeCourier } from '@journeykit/testkit';
import { Logger, type INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ioHandles, quietHandles, settledHandles } from './support/handles.js';
import { request } from '@journeykit/test-support/http';
import { listen, platforms } from './support/platforms.js';
import { SignupAppModule } from './support/signup-app.js';

const API_KEY = 'sk_test_nest_http';

describe.each(platforms)('on the %s platform', (_platform, createAdapter) => {
  let courier: Awaited<ReturnType<typeof startFakeCourier>>;
  let app: INestApplication;
  let url: string;
  let baseline: string[];
  let closed = false;

  beforeAll(async () => {
    courier = await startFakeCourier({ apiKey: API_KEY });
    baseline = await quietHandles();
    ({ app, url } = await listen(SignupAppModule.with({ apiKey: API_KEY, baseUrl: courier.url, maxRetries: 0 }), createAdapter()));
  });
  afterAll(async () => {
    if (!closed) await app?.close();
    await courier?.close();
  });

  it('starts a journey from a request handler', async () => {
    const answer = await request(`${url}/signup`, { method: 'POST', body: { email: 'ada@example.com', plan: 'pro' } });
    expect(answer.status).toBe(201);
    const { runId } = answer.body as { runId: string };
    expect(courier.invocations.at(-1)).toMatchObject({
      templateId: 'welcome',
      runId,
      request: { profile: { email: 'ada@example.com' }, data: { plan: 'pro' } },
    });
  });

  it('turns a JourneysValidationError into a 400 listing the issues, and sends nothing', async () => {
    const requestsBefore = courier.requests.length;
    const answer = await request(`${url}/signup`, { method: 'POST', body: { plan: 'pro' } });
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toMatch(/application\/json/);
    expect(answer.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      code: 'ERR_JOURNEYS_VALIDATION',
      issues: [expect.objectContaining({ message: expect.stringMatching(/email|identifier/) })],
    });
    expect(courier.requests.length).toBe(requestsBefore);
  });

  it('turns a Courier failure into a 502 without Courier details', async () => {
    courier.inject({ kind: 'status', status: 500, body: { message: 'database on fire' } });
    const answer = await request(`${url}/signup`, { method: 'POST', body: { email: 'ada@example.com' } });
    expect(answer.status).toBe(502);
    expect(answer.body).toEqual({
      statusCode: 502,
      error: 'Bad Gateway',
      code: 'ERR_JOURNEYS_API',
      message: 'The notification service answered with an error',
    });
  });

  it("a Courier that echoes the request: neither the 502 nor the filter's log line holds the server's text", async () => {
    const echoed = 'Invalid request: {"profile":{"email":"ada@example.com","phone_number":"+15550100777"},"data":{"plan":"pro"}}';
    courier.inject({ kind: 'status', status: 500, body: { message: echoed, type: 'api_error' } });
    const logged = vi.spyOn(Logger.prototype, 'error');
    try {
      const answer = await request(`${url}/signup`, { method: 'POST', body: { email: 'ada@example.com', plan: 'pro' } });
      expect(answer.status).toBe(502);
      expect(answer.text).not.toMatch(/ada@example\.com|15550100777|Invalid request/);
      const lines = logged.mock.calls.map((args) => args.map(String).join(' '));
      expect(lines).toEqual([expect.stringMatching(/^ERR_JOURNEYS_API: Courier answered 500 \(api_error\), request id fake-\d+$/)]);
    } finally {
      logged.mockRestore();
    }
  });

  it('leaves no open handles after app.close(): HTTP server and Courier pool are closed', async () => {
    expect(ioHandles().length).toBeGreaterThan(baseline.length);
    await app.close();
    closed = true;
    expect(await settledHandles(baseline)).toEqual(baseline);
  });
});
