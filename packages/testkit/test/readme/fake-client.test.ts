// The README's fake client example, kept running.
import { describe, expect, it } from 'vitest';
import { JourneysApiError } from '@journeykit/core';
import { FakeJourneysClient, RUN_ID_PATTERN } from '@journeykit/testkit';
import '@journeykit/testkit/vitest';
import { signUp } from './signup.js';

describe('signUp', () => {
  it('starts the welcome journey once per user', async () => {
    const journeys = new FakeJourneysClient();

    const runId = await signUp(journeys, { id: 'u1', email: 'ada@example.com', plan: 'pro' });
    const again = await signUp(journeys, { id: 'u1', email: 'ada@example.com', plan: 'pro' });

    expect(runId).toMatch(RUN_ID_PATTERN);
    expect(again).toBe(runId); // same idempotency key: same run
    expect(journeys).toHaveInvokedJourney('welcome', { user_id: 'u1', data: { plan: 'pro' } });
    expect(journeys).toHaveInvokedJourneyTimes('welcome', 1);
    expect(journeys.invocations[0]).toMatchObject({ userId: 'u1', idempotencyKey: 'welcome-u1' });
  });

  it('lets Courier errors reach the caller', async () => {
    const journeys = new FakeJourneysClient();
    journeys.when('welcome').rejectOnce(new JourneysApiError('Courier answered 429', 429, { message: 'Too Many Requests' }));

    await expect(signUp(journeys, { id: 'u2', email: 'bo@example.com', plan: 'free' })).rejects.toMatchObject({ status: 429 });
    expect(journeys).not.toHaveInvokedJourney('welcome');

    // The scripted failure was used up: the retry goes through.
    await signUp(journeys, { id: 'u2', email: 'bo@example.com', plan: 'free' });
    expect(journeys).toHaveInvokedJourneyTimes('welcome', 1);
  });

  it('rejects what the real client rejects', async () => {
    const journeys = new FakeJourneysClient();
    await expect(journeys.invoke('welcome', { data: { plan: 'pro' } })).rejects.toThrow(/no user to send to/);
  });
});
