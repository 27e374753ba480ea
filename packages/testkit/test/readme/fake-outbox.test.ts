// The README's fake outbox example, kept running.
import { FakeJourneysClient, FakeJourneysOutbox } from '@journeykit/testkit';
import '@journeykit/testkit/vitest';
import { expect, it } from 'vitest';

it('welcomes a new user once the signup commits', async () => {
  const outbox = new FakeJourneysOutbox();
  await outbox.enqueue('welcome', { user_id: 'ada', data: { plan: 'pro' } });

  expect(outbox).toHaveEnqueuedJourney('welcome', { data: { plan: 'pro' } });
  expect(outbox).toHaveEnqueuedJourneyTimes('welcome', 1);

  const client = new FakeJourneysClient();
  expect(await outbox.deliverAll(client)).toEqual({ delivered: 1, retried: 0, deadLettered: 0 });
  expect(client).toHaveInvokedJourney('welcome', { user_id: 'ada' });
});
