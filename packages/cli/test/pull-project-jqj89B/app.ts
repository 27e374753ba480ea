import { JourneysClient } from '@journeykit/core';
import { journeys } from './journeys.gen.js';
export async function signUp(client: JourneysClient<typeof journeys>): Promise<void> {
  await client.invoke('welcome', { user_id: 'u1', data: { plan: 'pro' } });
}
