import type { JourneysError, JourneysErrorCode, ValidationIssue } from '../errors/errors.js';

/**
 * The JSON body every journeykit HTTP adapter answers a failed journey call with: the Express error
 * handler, the Nest exception filter, and any later adapter (Fastify, Hono). It is the body Nest's
 * built-in exceptions answer (`{ statusCode, message, error }`) and Fastify's default error reply
 * (`{ statusCode, code, error, message }`), plus the journeykit `code` and, for a 400, the `issues`:
 *
 * ```json
 * {
 *   "statusCode": 400,
 *   "error": "Bad Request",
 *   "message": "The request cannot start this journey: it is invalid",
 *   "code": "ERR_JOURNEYS_VALIDATION",
 *   "issues": [{ "path": ["profile", "email"], "message": "must be an email address" }]
 * }
 * ```
 */
export interface JourneysErrorBody {
  /** The HTTP status, repeated in the body as Nest and Fastify do: 400, 404, 409, 500, 502 or 503. */
  statusCode: number;
  /** The status's reason phrase, e.g. `Bad Request`. */
  error: string;
  /** A fixed, public message per kind: never Courier's answer, a stack, a host name or the key. */
  message: string;
  /** The journeykit error code, for clients that branch on it. */
  code: JourneysErrorCode;
  /** For a 400 only: every problem found, with the path of the field. */
  issues?: ValidationIssue[];
}

// The reason phrases of the statuses below (RFC 9110), written out: importing node:http for them
// would load it wherever core's internal entry is imported (the test kit's entry must not).
const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  404: 'Not Found',
  409: 'Conflict',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

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
 * The body (and, as its `statusCode`, the status) an HTTP server answers its own caller with when
 * a journey call failed. Every adapter answers with exactly this, so Express, Nest and any later
 * adapter answer alike: same status, same body.
 *
 * @example
 * ```ts
 * const body = journeysErrorBody(err); // { statusCode: 400, error: 'Bad Request', message, code: 'ERR_JOURNEYS_VALIDATION', issues }
 * res.status(body.statusCode).json(body);
 * ```
 */
export function journeysErrorBody(error: JourneysError): JourneysErrorBody {
  const { status, message } = ANSWERS[error.code] ?? ANSWERS.ERR_JOURNEYS_API;
  const body: JourneysErrorBody = { statusCode: status, error: REASONS[status] ?? 'Error', message, code: error.code };
  const issues = (error as { issues?: ValidationIssue[] }).issues;
  if (error.code === 'ERR_JOURNEYS_VALIDATION' && Array.isArray(issues)) {
    body.issues = issues.map(({ path, message: text }) => ({ path: [...path], message: text }));
  }
  return body;
}
