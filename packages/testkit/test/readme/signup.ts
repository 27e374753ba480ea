import type { JourneysInvoker } from '@journeykit/core';

export interface NewUser {
  id: string;
  email: string;
  plan: 'free' | 'pro';
}

/** Starts the welcome journey; the key makes a repeated sign-up start it only once. */
export async function signUp(journeys: JourneysInvoker, user: NewUser): Promise<string> {
  const { runId } = await journeys.invoke(
    'welcome',
    { user_id: user.id, profile: { email: user.email }, data: { plan: user.plan } },
    { idempotencyKey: `welcome-${user.id}` },
  );
  return runId;
}
