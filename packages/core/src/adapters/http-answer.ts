import type { JourneysError, JourneysErrorCode, ValidationIssue } from '../errors/errors.js';

/** How a server that started a journey for its own caller should answer when that failed. */
export interface JourneysHttpAnswer {
  /** HTTP status for your caller. */
  status: number;
  /** The journeykit error code, for clients that branch on it. */
  code: JourneysErrorCode;
  /** A fixed, public message: never Courier's answer, a stack, a host name or the key. */
  message: string;
  /** For a 400 only: every problem found, with the path of the field. */
  issues?: ValidationIssue[];
}

// Bad input is the caller's fault (400). Courier answering with an error is an upstream fault
// (502), except an unknown run, which is the caller's to know about (404); Courier unreachable, too slow, or this server shutting down is temporary (503, worth a
// retry later). A configuration error is a bug in this server (500).
const ANSWERS: Record<JourneysErrorCode, { status: number; message: string }> = {
  ERR_JOURNEYS_VALIDATION: { status: 400, message: 'The request cannot start this journey: it is invalid' },
  ERR_JOURNEYS_API: { status: 502, message: 'The notification service answered with an error' },
  ERR_JOURNEYS_RESPONSE_TOO_LARGE: { status: 502, message: 'The notification service answered with an error' },
  ERR_JOURNEYS_RUN_NOT_FOUND: { status: 404, message: 'The journey run was not found' },
  ERR_JOURNEYS_TIMEOUT: { status: 503, message: 'The notification service did not answer in time' },
  ERR_JOURNEYS_QUEUE_TIMEOUT: { status: 503, message: 'The notification service client is overloaded' },
  ERR_JOURNEYS_CONNECTION: { status: 503, message: 'The notification service could not be reached' },
  ERR_JOURNEYS_ABORT: { status: 503, message: 'The journey request was cancelled' },
  ERR_JOURNEYS_CLOSED: { status: 503, message: 'The notification service client is shutting down' },
  ERR_JOURNEYS_OUTBOX: { status: 503, message: 'The journey could not be stored for delivery' },
  // An operator's replay refused as unsafe: it stands until someone decides (409, not worth a plain retry).
  ERR_JOURNEYS_OUTBOX_REPLAY: { status: 409, message: 'The journey cannot be replayed safely without a decision' },
  ERR_JOURNEYS_CONFIG: { status: 500, message: 'Notifications are not configured correctly on this server' },
};

/**
 * Maps a journeys error to the answer an HTTP server gives its own caller. The Express error
 * handler and the Nest exception filter both use it, so the two frameworks answer alike.
 *
 * @example
 * ```ts
 * const answer = journeysHttpAnswer(err); // { status: 400, code: 'ERR_JOURNEYS_VALIDATION', message, issues }
 * res.status(answer.status).json({ error: answer });
 * ```
 */
export function journeysHttpAnswer(error: JourneysError): JourneysHttpAnswer {
  const { status, message } = ANSWERS[error.code] ?? ANSWERS.ERR_JOURNEYS_API;
  const answer: JourneysHttpAnswer = { status, code: error.code, message };
  const issues = (error as { issues?: ValidationIssue[] }).issues;
  if (error.code === 'ERR_JOURNEYS_VALIDATION' && Array.isArray(issues)) {
    answer.issues = issues.map(({ path, message: text }) => ({ path: [...path], message: text }));
  }
  return answer;
}
