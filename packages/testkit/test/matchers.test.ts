import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { JourneysClient } from '@journeykit/core';
import '../src/vitest.js';
import { toHaveInvokedJourney, toHaveInvokedJourneyTimes } from '../src/vitest.js';
import { FakeJourneysClient, startFakeCourier, type FakeCourierServer } from '../src/index.js';
import { failureOf } from './support/failure.js';

async function fakeWithRuns(): Promise<FakeJourneysClient> {
  const fake = new FakeJourneysClient({ seed: 1 });
  await fake.invoke('welcome', { user_id: 'u1', data: { plan: 'free' } });
  await fake.invoke('order-shipped', { user_id: 'u1', data: { order_id: 'o-1' } });
  await fake.invoke('welcome', { profile: { email: 'b@example.com' } });
  return fake;
}

/** How the failure messages list the three runs of `fakeWithRuns()`. */
const INVOCATIONS_OF_FAKE_WITH_RUNS = [
  'Invocations (3):',
  '  #1 "welcome" {"user_id": "u1", "data": {"plan": "free"}}',
  '  #2 "order-shipped" {"user_id": "u1", "data": {"order_id": "o-1"}}',
  '  #3 "welcome" {"profile": {"email": "b@example.com"}}',
];

describe('toHaveInvokedJourney', () => {
  it('passes on a template, and on a partial request matched recursively, asymmetric matchers included', async () => {
    const fake = await fakeWithRuns();
    expect(fake).toHaveInvokedJourney('welcome');
    expect(fake).toHaveInvokedJourney('welcome', { data: { plan: 'free' } });
    expect(fake).toHaveInvokedJourney('welcome', { profile: { email: expect.stringMatching(/@example\.com$/) } });
    expect(fake).toHaveInvokedJourney('order-shipped', { user_id: 'u1', data: { order_id: expect.any(String) } });
    expect(fake).not.toHaveInvokedJourney('goodbye');
    expect(fake).not.toHaveInvokedJourney('welcome', { data: { plan: 'pro' } });
    // Partial means partial, but a given value must match: no key-by-key loosening of values.
    expect(fake).not.toHaveInvokedJourney('order-shipped', { data: { order_id: 'o-2' } });
  });

  it('says what was invoked when the journey was not', async () => {
    const fake = await fakeWithRuns();
    expect(failureOf(() => expect(fake).toHaveInvokedJourney('goodbye'))).toBe(
      ['Expected journey "goodbye" to have been invoked, but it was not invoked.', '', ...INVOCATIONS_OF_FAKE_WITH_RUNS].join('\n'),
    );
  });

  it('shows the expected partial request and how many invocations missed it', async () => {
    const fake = await fakeWithRuns();
    expect(failureOf(() => expect(fake).toHaveInvokedJourney('welcome', { data: { plan: 'pro' } }))).toBe(
      [
        'Expected journey "welcome" to have been invoked with a request matching',
        '  {"data": {"plan": "pro"}}',
        'but none of its 2 invocations matched.',
        '',
        ...INVOCATIONS_OF_FAKE_WITH_RUNS,
      ].join('\n'),
    );
  });

  it('negated: points at the invocation that matched', async () => {
    const fake = await fakeWithRuns();
    expect(failureOf(() => expect(fake).not.toHaveInvokedJourney('welcome', { profile: { email: expect.any(String) } }))).toBe(
      [
        'Expected journey "welcome" not to have been invoked with a request matching',
        '  {"profile": {"email": Any<String>}}',
        'but invocation #3 was.',
        '',
        ...INVOCATIONS_OF_FAKE_WITH_RUNS,
      ].join('\n'),
    );
  });

  it('says "none" when nothing was invoked', () => {
    expect(failureOf(() => expect(new FakeJourneysClient()).toHaveInvokedJourney('welcome'))).toBe(
      'Expected journey "welcome" to have been invoked, but it was not invoked.\n\nInvocations: none',
    );
  });

  it('lists at most 20 invocations', async () => {
    const fake = new FakeJourneysClient();
    for (let i = 0; i < 25; i++) await fake.invoke('tick', { user_id: `u${i}` });
    const message = failureOf(() => expect(fake).toHaveInvokedJourney('tock'));
    expect(message).toContain('Invocations (25):');
    expect(message).toContain('  #20 "tick" {"user_id": "u19"}');
    expect(message).not.toContain('#21');
    expect(message).toContain('  ... and 5 more');
  });

  it('refuses something that is not a fake', () => {
    expect(() => expect({ calls: [] }).toHaveInvokedJourney('welcome')).toThrow(
      /toHaveInvokedJourney\(\) needs a FakeJourneysClient or a FakeCourierServer \(anything with an invocations array\), got \{ calls: \[\] \}/,
    );
  });
});

describe('toHaveInvokedJourneyTimes', () => {
  it('counts runs of one template; idempotent replays do not count', async () => {
    const fake = await fakeWithRuns();
    await fake.invoke('order-shipped', { user_id: 'u1' }, { idempotencyKey: fake.invocations[1]?.idempotencyKey });
    expect(fake).toHaveInvokedJourneyTimes('welcome', 2);
    expect(fake).toHaveInvokedJourneyTimes('order-shipped', 1);
    expect(fake).toHaveInvokedJourneyTimes('goodbye', 0);
    expect(fake).not.toHaveInvokedJourneyTimes('welcome', 1);
  });

  it('says how many times it was invoked, and what was', async () => {
    const fake = await fakeWithRuns();
    expect(failureOf(() => expect(fake).toHaveInvokedJourneyTimes('order-shipped', 2))).toBe(
      ['Expected journey "order-shipped" to have been invoked 2 times, but it was invoked 1 time.', '', ...INVOCATIONS_OF_FAKE_WITH_RUNS].join('\n'),
    );
    expect(failureOf(() => expect(fake).not.toHaveInvokedJourneyTimes('welcome', 2))).toMatch(
      /^Expected journey "welcome" not to have been invoked 2 times, but it was\.\n\nInvocations \(3\):/,
    );
  });

  it('refuses a count that is not a whole number', async () => {
    expect(() => expect(new FakeJourneysClient()).toHaveInvokedJourneyTimes('welcome', -1)).toThrow(/needs a whole number >= 0, got -1/);
  });
});

describe('with the fake server', () => {
  let server: FakeCourierServer;
  let client: JourneysClient;
  beforeAll(async () => {
    server = await startFakeCourier();
    client = new JourneysClient({ apiKey: 'test-key', baseUrl: server.url });
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('asserts on the runs the server created', async () => {
    await client.invoke('welcome', { user_id: 'u1', data: { plan: 'pro' } }, { idempotencyKey: 'k' });
    await client.invoke('welcome', { user_id: 'u1', data: { plan: 'pro' } }, { idempotencyKey: 'k' });
    expect(server).toHaveInvokedJourney('welcome', { data: { plan: 'pro' } });
    expect(server).toHaveInvokedJourneyTimes('welcome', 1);
    expect(failureOf(() => expect(server).toHaveInvokedJourney('welcome', { user_id: 'u2' }))).toBe(
      [
        'Expected journey "welcome" to have been invoked with a request matching',
        '  {"user_id": "u2"}',
        'but none of its 1 invocation matched.',
        '',
        'Invocations (1):',
        '  #1 "welcome" {"user_id": "u1", "data": {"plan": "pro"}}',
      ].join('\n'),
    );
  });
});

describe('the exported matcher functions', () => {
  it('work outside expect.extend too (no matcher context)', async () => {
    const fake = await fakeWithRuns();
    const hit = toHaveInvokedJourney(fake, 'welcome', { data: { plan: 'free' } });
    const miss = toHaveInvokedJourneyTimes(fake, 'welcome', 5);
    expect(hit.pass).toBe(true);
    expect(miss.pass).toBe(false);
    expect(miss.message()).toContain("#1 \"welcome\" { user_id: 'u1', data: { plan: 'free' } }");
  });
});

describe('matcher types', () => {
  it('type-check their arguments (checked by tsc, run for the record)', async () => {
    const fake = await fakeWithRuns();
    // A partial request may use asymmetric matchers anywhere.
    expect(fake).toHaveInvokedJourney('welcome', { data: { plan: expect.stringMatching(/^f/) } });
    const wrong = () => {
      // @ts-expect-error the count is a number
      expect(fake).toHaveInvokedJourneyTimes('welcome', '2');
      // @ts-expect-error user_id is a string
      expect(fake).toHaveInvokedJourney('welcome', { user_id: 5 });
    };
    expect(wrong).toThrow();
  });
});
