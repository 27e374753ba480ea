// Runs under real Jest in its ESM mode (node --experimental-vm-modules), against the
// built package (what a Nest 12 project, ESM-only, does); the matchers come from
// @journeykit/testkit/jest (loaded by setupFilesAfterEnv).
import { JourneysClient } from '@journeykit/core';
import { FakeJourneysClient, startFakeCourier } from '@journeykit/testkit';
import { expect as jestExpect } from '@jest/globals';

describe('@journeykit/testkit under Jest (ESM, --experimental-vm-modules)', () => {
  let server;
  let client;
  beforeAll(async () => {
    server = await startFakeCourier({ apiKey: 'test-key' });
    client = new JourneysClient({ apiKey: 'test-key', baseUrl: server.url, retryDelay: 1 });
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('starts the fake Courier server and asserts on it with the matchers', async () => {
    server.inject({ kind: 'status', status: 503, stored: false });
    const { runId } = await client.invoke('welcome', { user_id: 'u1', data: { plan: 'pro' } });
    expect(server).toHaveInvokedJourney('welcome', { user_id: 'u1', data: { plan: expect.any(String) } });
    expect(server).toHaveInvokedJourneyTimes('welcome', 1);
    expect(server).not.toHaveInvokedJourney('goodbye');
    expect(server.invocations[0].runId).toBe(runId);
  });

  it('fails with a message that lists the invocations', async () => {
    const fake = new FakeJourneysClient();
    await fake.invoke('welcome', { user_id: 'u2' });
    expect(() => expect(fake).toHaveInvokedJourney('welcome', { user_id: 'u3' })).toThrow(
      /Expected journey "welcome" to have been invoked with a request matching[\s\S]*Invocations \(1\):/,
    );
    expect(() => expect(fake).toHaveInvokedJourneyTimes('welcome', 2)).toThrow(/invoked 2 times, but it was invoked 1 time/);
  });
});

it('registers the matchers on the expect of @jest/globals too', async () => {
  const fake = new FakeJourneysClient();
  await fake.invoke('welcome', { user_id: 'u1' });
  jestExpect(fake).toHaveInvokedJourneyTimes('welcome', 1);
});
