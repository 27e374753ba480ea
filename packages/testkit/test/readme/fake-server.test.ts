// The README's fake server example, kept running.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { JourneysClient } from '@journeykit/core';
import { startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import '@journeykit/testkit/vitest';

let courier: FakeCourierServer;
let client: JourneysClient;

beforeAll(async () => {
  courier = await startFakeCourier({ apiKey: 'test-key' });
  client = new JourneysClient({ apiKey: 'test-key', baseUrl: courier.url, retryDelayMs: 5 });
});
afterEach(() => courier.reset());
afterAll(async () => {
  await client.close();
  await courier.close();
});

it('starts the journey over real HTTP', async () => {
  const { runId } = await client.invoke('order-shipped', { user_id: 'u1', data: { order_id: 'o-1' } });

  expect(courier).toHaveInvokedJourney('order-shipped', { data: { order_id: 'o-1' } });
  expect(courier.invocations[0]?.runId).toBe(runId);
});

it('creates one run when the connection drops after Courier created it', async () => {
  courier.inject({ kind: 'create-then-drop' });

  const { runId } = await client.invoke('order-shipped', { user_id: 'u1' }, { idempotencyKey: 'order-o-1-shipped' });

  expect(courier).toHaveInvokedJourneyTimes('order-shipped', 1);
  expect(courier.invocations[0]?.runId).toBe(runId);
  expect(courier.requests.map((r) => `${r.status} ${r.outcome}`)).toEqual(['dropped created', '200 replayed']);
});

it('retries 503s from a load balancer in front of Courier', async () => {
  courier.inject({ kind: 'status', status: 503, stored: false }, { times: 2 });

  await client.invoke('welcome', { user_id: 'u1' });

  expect(courier.requests.map((r) => r.status)).toEqual([503, 503, 200]);
});
