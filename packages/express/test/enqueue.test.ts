/**
 * req.journeys.enqueue(): the middleware's outbox (here the test kit's fake outbox, which
 * validates like the real one) gets the call with the request's identity merged in, like invoke.
 */
import { JourneysConfigurationError, JourneysValidationError } from '@journeykit/core';
import { FakeJourneysClient, FakeJourneysOutbox } from '@journeykit/testkit';
import type { Request, Response } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { journeys, journeysErrorHandler } from '../src/index.js';
import { EXPRESS_VERSIONS } from './support/express-versions.js';
import { route } from './support/route.js';
import { listen, request, type Listening } from '@journeykit/test-support/http';

const running: Listening[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

describe.each(EXPRESS_VERSIONS)('%s: req.journeys.enqueue', (_name, express) => {
  async function serve(outbox: FakeJourneysOutbox | undefined): Promise<string> {
    const app = express();
    app.use(express.json());
    app.use(
      journeys({
        client: new FakeJourneysClient(),
        outbox,
        identify: (req) =>
          req.get('x-user-id') ? { user_id: req.get('x-user-id'), profile: { email: `${req.get('x-user-id')}@example.com` } } : undefined,
      }),
    );
    app.post(
      '/signup',
      route(async (req, res) => {
        const { jobId, idempotencyKey } = await req.journeys.enqueue('welcome', { data: req.body }, { idempotencyKey: req.get('x-key') });
        res.status(202).json({ jobId, idempotencyKey });
      }),
    );
    app.use(journeysErrorHandler());
    const listening = await listen(app);
    running.push(listening);
    return listening.url;
  }

  it("stores the call with the request's identity filled in", async () => {
    const outbox = new FakeJourneysOutbox();
    const url = await serve(outbox);
    const answer = await request(`${url}/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user-id': 'ada', 'x-key': 'signup-ada' },
      body: JSON.stringify({ plan: 'pro' }),
    });
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ jobId: outbox.enqueued[0]!.jobId, idempotencyKey: 'signup-ada' });
    expect(outbox.enqueued).toMatchObject([
      {
        templateId: 'welcome',
        request: { user_id: 'ada', profile: { email: 'ada@example.com' }, data: { plan: 'pro' } },
        userId: 'ada',
        state: 'pending',
      },
    ]);
  });

  it('answers 400 for a call that fails validation, and stores nothing', async () => {
    const outbox = new FakeJourneysOutbox();
    const url = await serve(outbox);
    const answer = await request(`${url}/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'ERR_JOURNEYS_VALIDATION' });
    expect(outbox.enqueued).toHaveLength(0);
  });

  it('answers 500 naming the fix when the middleware has no outbox', async () => {
    const url = await serve(undefined);
    const answer = await request(`${url}/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user-id': 'ada' },
      body: '{}',
    });
    expect(answer.status).toBe(500);
    expect(answer.body).toMatchObject({ code: 'ERR_JOURNEYS_CONFIG' });
  });
});

describe('journeys({ outbox }) options', () => {
  it('refuses an outbox without enqueue', () => {
    expect(() => journeys({ client: new FakeJourneysClient(), outbox: {} as never })).toThrow(JourneysConfigurationError);
    expect(() => journeys({ client: new FakeJourneysClient(), outbox: {} as never })).toThrow(/enqueue/);
  });

  it('an outbox is not mistaken for a client option', () => {
    expect(() => journeys({ client: new FakeJourneysClient(), outbox: new FakeJourneysOutbox() })).not.toThrow();
  });

  it('the error for a missing outbox names the option', async () => {
    const middleware = journeys({ client: new FakeJourneysClient() });
    const req = {} as Request;
    middleware(req, {} as Response, () => undefined);
    await expect(req.journeys.enqueue('welcome', { user_id: 'u1' })).rejects.toThrow(/journeys\(\{ outbox \}\)/);
    await expect(req.journeys.enqueue('welcome', {})).rejects.not.toBeInstanceOf(JourneysValidationError);
  });
});
