import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import '../src/vitest.js';
import { toHaveCanceledRun } from '../src/vitest.js';
import { FakeJourneysClient, startFakeCourier, type FakeCourierServer } from '../src/index.js';
import { failureOf } from './support/failure.js';

/** Two order runs (tokens order-o1, order-o2) and a welcome run; order-o1 canceled by token, welcome by id. */
async function fakeWithCancels(): Promise<{ fake: FakeJourneysClient; runIds: string[] }> {
  const fake = new FakeJourneysClient({ seed: 1, journeys: { order: { cancelationToken: (r) => `order-${String(r.data?.order_id)}` } } });
  const runIds: string[] = [];
  runIds.push((await fake.invoke('order', { user_id: 'u1', data: { order_id: 'o1' } })).runId);
  runIds.push((await fake.invoke('order', { user_id: 'u1', data: { order_id: 'o2' } })).runId);
  runIds.push((await fake.invoke('welcome', { user_id: 'u1' })).runId);
  await fake.cancel({ cancelation_token: 'order-o1' });
  await fake.cancel({ run_id: runIds[2] as string });
  return { fake, runIds };
}

const CANCELLATIONS = (runIds: string[]) => [
  'Cancellations (2):',
  '  #1 cancelation_token "order-o1" -> stopped 1 run',
  `  #2 run_id "${runIds[2]}" -> CANCELED`,
];

describe('toHaveCanceledRun', () => {
  it('passes for a token cancelled, a run cancelled by id, and a run stopped by a token', async () => {
    const { fake, runIds } = await fakeWithCancels();
    expect(fake).toHaveCanceledRun({ cancelation_token: 'order-o1' });
    expect(fake).toHaveCanceledRun({ run_id: runIds[2] as string });
    expect(fake).toHaveCanceledRun({ run_id: runIds[0] as string });
    expect(fake).not.toHaveCanceledRun({ run_id: runIds[1] as string });
    expect(fake).not.toHaveCanceledRun({ cancelation_token: 'order-o2' });
  });

  it('says which cancels there were when the one expected is missing', async () => {
    const { fake, runIds } = await fakeWithCancels();
    expect(failureOf(() => expect(fake).toHaveCanceledRun({ cancelation_token: 'order-o2' }))).toBe(
      ['Expected a cancel of cancelation_token "order-o2", but there was none.', '', ...CANCELLATIONS(runIds)].join('\n'),
    );
    expect(failureOf(() => expect(fake).not.toHaveCanceledRun({ run_id: runIds[2] as string }))).toBe(
      [`Expected no cancel of run "${runIds[2]}", but cancel #2 was one.`, '', ...CANCELLATIONS(runIds)].join('\n'),
    );
    expect(failureOf(() => expect(new FakeJourneysClient()).toHaveCanceledRun({ run_id: 'r' }))).toBe(
      'Expected a cancel of run "r", but there was none.\n\nCancellations: none',
    );
  });

  it('refuses a target that is not one of { run_id } and { cancelation_token }, and a value without cancellations', () => {
    expect(() => expect(new FakeJourneysClient()).toHaveCanceledRun({} as never)).toThrow(/needs \{ run_id \} or \{ cancelation_token \}/);
    expect(() => expect({ invocations: [] }).toHaveCanceledRun({ run_id: 'r' })).toThrow(/anything with a cancellations array/);
    expect(toHaveCanceledRun(new FakeJourneysClient(), { cancelation_token: 't' }).pass).toBe(false);
  });
});

describe('toHaveCanceledJourney', () => {
  it('passes when a run of the journey (matching the request) was invoked and then canceled', async () => {
    const { fake } = await fakeWithCancels();
    expect(fake).toHaveCanceledJourney('order');
    expect(fake).toHaveCanceledJourney('order', { data: { order_id: 'o1' } });
    expect(fake).toHaveCanceledJourney('welcome', { user_id: expect.any(String) });
    expect(fake).not.toHaveCanceledJourney('order', { data: { order_id: 'o2' } });
    expect(fake).not.toHaveCanceledJourney('goodbye');
  });

  it('says whether the journey was not invoked or not canceled', async () => {
    const { fake, runIds } = await fakeWithCancels();
    const invocations = [
      'Invocations (3):',
      '  #1 "order" {"user_id": "u1", "data": {"order_id": "o1"}}',
      '  #2 "order" {"user_id": "u1", "data": {"order_id": "o2"}}',
      '  #3 "welcome" {"user_id": "u1"}',
    ];
    expect(failureOf(() => expect(fake).toHaveCanceledJourney('goodbye'))).toBe(
      [
        'Expected journey "goodbye" to have been invoked, and then canceled, but it was not invoked.',
        '',
        ...invocations,
        '',
        ...CANCELLATIONS(runIds),
      ].join('\n'),
    );
    expect(failureOf(() => expect(fake).toHaveCanceledJourney('order', { data: { order_id: 'o2' } }))).toBe(
      [
        'Expected journey "order" to have been invoked with a request matching',
        '  {"data": {"order_id": "o2"}}',
        'and then canceled, but none of its 1 run was canceled.',
        '',
        ...invocations,
        '',
        ...CANCELLATIONS(runIds),
      ].join('\n'),
    );
    expect(failureOf(() => expect(fake).not.toHaveCanceledJourney('welcome'))).toMatch(
      /^Expected journey "welcome" not to have been invoked, and then canceled, but the run of invocation #3 was canceled\./,
    );
  });
});

describe('the cancel matchers on the fake server', () => {
  let server: FakeCourierServer;
  beforeAll(async () => {
    server = await startFakeCourier({ journeys: { order: { cancelationToken: (r) => `order-${String(r.data?.order_id)}` } } });
  });
  afterAll(() => server.close());

  it('see the cancels made over HTTP', async () => {
    const headers = { authorization: 'Bearer test-key', 'content-type': 'application/json' };
    const invoked = await request(`${server.url}/journeys/order/invoke`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ user_id: 'u1', data: { order_id: 'o9' } }),
    });
    const { runId } = (await invoked.body.json()) as { runId: string };
    const canceled = await request(`${server.url}/journeys/cancel`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ cancelation_token: 'order-o9' }),
    });
    await canceled.body.dump();
    expect(server).toHaveCanceledRun({ cancelation_token: 'order-o9' });
    expect(server).toHaveCanceledRun({ run_id: runId });
    expect(server).toHaveCanceledJourney('order', { data: { order_id: 'o9' } });
  });
});
