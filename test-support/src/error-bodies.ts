/**
 * One table of journeykit errors and the HTTP answer every adapter gives for each: the Express error
 * handler's tests and the Nest exception filter's tests (on both of Nest's platforms) run it over
 * real HTTP, so the adapters answer alike. Typed structurally (no @journeykit import): callers pass
 * core's error classes, from the copy of core their adapter uses.
 */

type Issue = { path: (string | number)[]; message: string };

/** The error classes of `@journeykit/core` the table builds its errors with. */
export interface JourneysErrorClasses {
  JourneysValidationError: new (issues: Issue[], templateId?: string) => Error;
  JourneysApiError: new (message: string, status: number, body: unknown, requestId?: string) => Error;
  JourneysRunNotFoundError: new (runId: string, message: string, body: unknown) => Error;
  JourneysTimeoutError: new (timeoutMs: number) => Error;
  JourneysQueueTimeoutError: new (queueTimeoutMs: number, connections: number) => Error;
  JourneysConnectionError: new (message: string) => Error;
  JourneysResponseTooLargeError: new (maxResponseBytes: number) => Error;
  JourneysAbortError: new () => Error;
  JourneysClosedError: new () => Error;
  JourneysConfigurationError: new (message: string) => Error;
}

/** What must never reach an HTTP caller: it is in the errors' messages and bodies below. */
export const ERROR_BODY_SECRET = 'sk_live_error_body_secret';

/** One row: the error a route throws, and the status and exact JSON body the adapter answers. */
export interface ErrorBodyCase {
  name: string;
  error: (classes: JourneysErrorClasses) => Error;
  body: { statusCode: number; error: string; message: string; code: string; issues?: Issue[] };
}

const upstream = 'The notification service answered with an error';
const unreachable = 'The notification service could not be reached';

export const ERROR_BODY_CASES: readonly ErrorBodyCase[] = [
  {
    name: 'invalid input',
    error: (c) =>
      new c.JourneysValidationError(
        [
          { path: ['profile', 'email'], message: 'must be an email address' },
          { path: ['data', 'items', 2], message: 'a function cannot be sent as JSON; remove it' },
        ],
        'welcome',
      ),
    body: {
      statusCode: 400,
      error: 'Bad Request',
      message: 'The request cannot start this journey: it is invalid',
      code: 'ERR_JOURNEYS_VALIDATION',
      issues: [
        { path: ['profile', 'email'], message: 'must be an email address' },
        { path: ['data', 'items', 2], message: 'a function cannot be sent as JSON; remove it' },
      ],
    },
  },
  {
    name: 'Courier answered 500',
    error: (c) => new c.JourneysApiError(`Courier answered 500: ${ERROR_BODY_SECRET}`, 500, { message: ERROR_BODY_SECRET }, 'req-1'),
    body: { statusCode: 502, error: 'Bad Gateway', message: upstream, code: 'ERR_JOURNEYS_API' },
  },
  {
    name: 'Courier answered 429',
    error: (c) => new c.JourneysApiError('Courier answered 429', 429, {}),
    body: { statusCode: 502, error: 'Bad Gateway', message: upstream, code: 'ERR_JOURNEYS_API' },
  },
  {
    name: 'no such run',
    error: (c) => new c.JourneysRunNotFoundError('run-1', `Courier answered 404 (${ERROR_BODY_SECRET})`, {}),
    body: { statusCode: 404, error: 'Not Found', message: 'The journey run was not found', code: 'ERR_JOURNEYS_RUN_NOT_FOUND' },
  },
  {
    name: 'a timeout',
    error: (c) => new c.JourneysTimeoutError(100),
    body: { statusCode: 503, error: 'Service Unavailable', message: 'The notification service did not answer in time', code: 'ERR_JOURNEYS_TIMEOUT' },
  },
  {
    name: 'no free connection',
    error: (c) => new c.JourneysQueueTimeoutError(100, 4),
    body: {
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'The notification service client is overloaded',
      code: 'ERR_JOURNEYS_QUEUE_TIMEOUT',
    },
  },
  {
    name: 'a dropped connection',
    error: (c) => new c.JourneysConnectionError(`Connection to https://${ERROR_BODY_SECRET}.example failed: ECONNRESET`),
    body: { statusCode: 503, error: 'Service Unavailable', message: unreachable, code: 'ERR_JOURNEYS_CONNECTION' },
  },
  {
    name: 'an answer too large',
    error: (c) => new c.JourneysResponseTooLargeError(1_000),
    body: { statusCode: 502, error: 'Bad Gateway', message: upstream, code: 'ERR_JOURNEYS_RESPONSE_TOO_LARGE' },
  },
  {
    name: 'an abort',
    error: (c) => new c.JourneysAbortError(),
    body: { statusCode: 503, error: 'Service Unavailable', message: 'The journey request was cancelled', code: 'ERR_JOURNEYS_ABORT' },
  },
  {
    name: 'a closed client',
    error: (c) => new c.JourneysClosedError(),
    body: { statusCode: 503, error: 'Service Unavailable', message: 'The notification service client is shutting down', code: 'ERR_JOURNEYS_CLOSED' },
  },
  {
    name: 'a configuration error',
    error: (c) => new c.JourneysConfigurationError(`Bad apiKey ${ERROR_BODY_SECRET}`),
    body: {
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Notifications are not configured correctly on this server',
      code: 'ERR_JOURNEYS_CONFIG',
    },
  },
];

/**
 * What every adapter re-exports from core, the same values (not copies): the errors its calls throw,
 * so `instanceof` from the adapter's import checks the very classes that were thrown.
 */
export const ADAPTER_ERROR_EXPORTS = [
  'JourneysError',
  'JourneysAbortError',
  'JourneysApiError',
  'JourneysClosedError',
  'JourneysConfigurationError',
  'JourneysConnectionError',
  'JourneysQueueTimeoutError',
  'JourneysResponseTooLargeError',
  'JourneysRunNotFoundError',
  'JourneysRunWaitTimeoutError',
  'JourneysTimeoutError',
  'JourneysValidationError',
  'isJourneysError',
] as const;
