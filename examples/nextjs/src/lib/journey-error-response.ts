import { isJourneysError, JourneysValidationError } from '@journeykit/core';

/**
 * A route handler's answer when a journey call failed: the input was wrong (400, with what to fix), or
 * Courier could not start the journey now (503). Anything else is the app's bug: rethrown, so that
 * Next answers 500 and logs it. Never Courier's text or the key: journeykit's errors carry neither.
 */
export function journeyErrorResponse(error: unknown): Response {
  if (error instanceof JourneysValidationError) {
    return Response.json({ error: 'invalid', issues: error.issues }, { status: 400 });
  }
  if (isJourneysError(error)) {
    return Response.json({ error: 'notifications are unavailable, try again later', code: error.code }, { status: 503 });
  }
  throw error;
}
