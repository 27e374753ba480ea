/**
 * Courier's own SDK from the registry (`@trycourier/courier` 7.10.2, the newest there) against the
 * fake server: a user of Courier's SDK can point it at the fake (baseURL) as a drop-in.
 */
import Courier from '@trycourier/courier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_ID_PATTERN, startFakeCourier, type FakeCourierServer } from '../src/index.js';
import { DEFINITIONS } from './support/journey-definitions.js';

let server: FakeCourierServer;
let courier: Courier;
beforeAll(async () => {
  server = await startFakeCourier({ apiKey: 'sdk-key', journeyDefinitions: DEFINITIONS });
  courier = new Courier({ apiKey: 'sdk-key', baseURL: server.url, maxRetries: 0 });
});
afterAll(() => server.close());

describe('@trycourier/courier 7.10.2 against the fake', () => {
  it('journeys.invoke starts a run the fake records', async () => {
    const { runId } = await courier.journeys.invoke('welcome', { user_id: 'u1', data: { plan: 'pro' } });
    expect(runId).toMatch(RUN_ID_PATTERN);
    expect(server.invocations.at(-1)).toMatchObject({ templateId: 'welcome', runId, request: { user_id: 'u1', data: { plan: 'pro' } } });
  });

  it('journeys.invoke with an Idempotency-Key replays the first run', async () => {
    const options = { headers: { 'Idempotency-Key': 'sdk-once' } };
    const first = await courier.journeys.invoke('welcome', { user_id: 'u1' }, options);
    const again = await courier.journeys.invoke('welcome', { user_id: 'u1' }, options);
    expect(again.runId).toBe(first.runId);
  });

  it('journeys.list lists the journeys given to the fake', async () => {
    const published = await courier.journeys.list();
    expect(published.templates?.map((t) => [t.id, t.version])).toEqual([
      ['welcome', 'published'],
      ['digest', 'published'],
    ]);
    const drafts = await courier.journeys.list({ version: 'draft' });
    expect(drafts.templates?.map((t) => t.id)).toEqual(['welcome', 'digest', 'in-progress']);
  });

  it("a bad invoke is an SDK BadRequestError carrying Courier's { message, type }", async () => {
    const error = await courier.journeys.invoke('welcome', { user_id: 42 as never }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Courier.BadRequestError);
    expect((error as InstanceType<typeof Courier.BadRequestError>).status).toBe(400);
    expect((error as InstanceType<typeof Courier.BadRequestError>).error).toEqual({
      message: expect.stringContaining('user_id'),
      type: 'invalid_request_error',
    });
  });

  it('a wrong key is an SDK AuthenticationError', async () => {
    const wrong = new Courier({ apiKey: 'nope', baseURL: server.url, maxRetries: 0 });
    await expect(wrong.journeys.list()).rejects.toBeInstanceOf(Courier.AuthenticationError);
  });
});
