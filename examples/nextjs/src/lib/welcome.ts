import { isJourneysError, journeysErrorSummary } from '@journeykit/core';
import { journeys } from './journeys';

export interface NewUser {
  id: string;
  email: string;
}

/**
 * The work `POST /api/signup` leaves for after its response: `after(() => startWelcome(user))`. A
 * named function, so it is tested on its own. The answer has gone by then, so a journey failure is
 * logged (the summary has no key and no Courier text) rather than thrown; anything else is a bug and
 * is thrown for Next to log. The key makes a second call for the same user (a retried sign-up) a
 * replay in Courier, not a second welcome.
 */
export async function startWelcome(user: NewUser, log: (line: string) => void = console.error): Promise<void> {
  try {
    await journeys().invoke('welcome', { user_id: user.id, profile: { email: user.email } }, { idempotencyKey: `welcome-${user.id}` });
  } catch (error) {
    if (!isJourneysError(error)) throw error;
    const { code, message } = journeysErrorSummary(error);
    log(`welcome journey for ${user.id} not started: ${code}: ${message}`);
  }
}
