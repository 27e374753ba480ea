import { describe, expect, it } from 'vitest';
import {
  JourneysAbortError,
  JourneysApiError,
  JourneysClosedError,
  JourneysConfigurationError,
  JourneysConnectionError,
  JourneysQueueTimeoutError,
  JourneysResponseTooLargeError,
  JourneysRunNotFoundError,
  JourneysRunWaitTimeoutError,
  JourneysTimeoutError,
  JourneysValidationError,
} from '../../src/index.js';
import { classifyFailure, classifyStatus, markUnexplained, retryAfterOf, type FailureClass } from '../../src/errors/failure-class.js';

const api = (status: number, retryAfterMs?: number) => new JourneysApiError(`Courier answered ${status}`, status, {}, undefined, { retryAfterMs });
/** The same failure as thrown by a second copy of core: same code and fields, another class. */
const copy = (code: string, fields: object = {}) => Object.assign(new Error(code), { code, ...fields });

// Core's one answer to "is this failure worth trying again?"; decideRetry, runs.waitFor, invokeMany,
// the outbox, the fake outbox and the CLI each read it (the table of uses is in failure-class.ts).
describe('failure classes', () => {
  it.each<[string, unknown, FailureClass]>([
    // transient: may pass if made again soon.
    ['a timeout', new JourneysTimeoutError(1_000), 'transient'],
    [
      'a connection dropped before the request went out (refused)',
      new JourneysConnectionError('refused', { cause: { code: 'ECONNREFUSED' } }),
      'transient',
    ],
    ['a connection reset after the request went out', new JourneysConnectionError('reset', { cause: { code: 'UND_ERR_SOCKET' } }), 'transient'],
    ['a dropped connection without an undici code', new JourneysConnectionError('socket hang up'), 'transient'],
    ['408', api(408), 'transient'],
    ['409 (the same key still executing)', api(409), 'transient'],
    ['500', api(500), 'transient'],
    ['503', api(503), 'transient'],
    ['599', api(599), 'transient'],
    // throttled: Courier asked to slow down.
    ['429', api(429), 'throttled'],
    ['429 with Retry-After', api(429, 2_000), 'throttled'],
    // saturated: no free connection in this client; nothing was sent.
    ['no free connection within queueTimeoutMs', new JourneysQueueTimeoutError(100, 4), 'saturated'],
    // permanent: refused again however long one waits.
    ['invalid input', new JourneysValidationError([{ path: [], message: 'bad' }]), 'permanent'],
    ['400', api(400), 'permanent'],
    ['401', api(401), 'permanent'],
    ['403', api(403), 'permanent'],
    ['404 (unknown template)', api(404), 'permanent'],
    ['404: no such run', new JourneysRunNotFoundError('r', 'gone', {}), 'permanent'],
    ['422', api(422), 'permanent'],
    ['a journey the catalog does not have', new JourneysConfigurationError('"x" is not in the journey catalog', { notInCatalog: true }), 'permanent'],
    // indeterminate: fails the same way soon; the cause is outside the call.
    ['another configuration error', new JourneysConfigurationError('undici could not be loaded'), 'indeterminate'],
    ['aborted by the caller', new JourneysAbortError(), 'indeterminate'],
    ['a closed client', new JourneysClosedError(), 'indeterminate'],
    ['an answer over maxResponseBytes', new JourneysResponseTooLargeError(1_000), 'indeterminate'],
    ['a 200 without runId', api(200), 'indeterminate'],
    ['a redirect', api(302), 'indeterminate'],
    [
      'undici refused the request (invalid argument)',
      new JourneysConnectionError('refused', { cause: { code: 'UND_ERR_INVALID_ARG' } }),
      'indeterminate',
    ],
    [
      'undici refused the request (not supported)',
      new JourneysConnectionError('refused', { cause: { code: 'UND_ERR_NOT_SUPPORTED' } }),
      'indeterminate',
    ],
    ['a failure the client could not explain (marked)', markUnexplained(new JourneysConnectionError('Unexpected failure')), 'indeterminate'],
    ['a run wait that ran out', new JourneysRunWaitTimeoutError('r', 100, ['PROCESSED'], undefined), 'indeterminate'],
    ['not a journeykit error', new TypeError('x'), 'indeterminate'],
    ['not an error at all', 'boom', 'indeterminate'],
    // A second copy of core: read by code and fields, never by instanceof.
    ['a timeout from a second copy', copy('ERR_JOURNEYS_TIMEOUT'), 'transient'],
    ['a 503 from a second copy', copy('ERR_JOURNEYS_API', { status: 503 }), 'transient'],
    ['a 429 from a second copy', copy('ERR_JOURNEYS_API', { status: 429 }), 'throttled'],
    ['a queue timeout from a second copy', copy('ERR_JOURNEYS_QUEUE_TIMEOUT'), 'saturated'],
    ['a 400 from a second copy', copy('ERR_JOURNEYS_API', { status: 400 }), 'permanent'],
    ['a catalog refusal from a second copy', copy('ERR_JOURNEYS_CONFIG', { notInCatalog: true }), 'permanent'],
    ['an API error from a second copy without a status', copy('ERR_JOURNEYS_API'), 'indeterminate'],
  ])('%s: %s', (_name, error, expected) => {
    expect(classifyFailure(error)).toBe(expected);
  });

  it.each<[number, FailureClass]>([
    [408, 'transient'],
    [409, 'transient'],
    [429, 'throttled'],
    [500, 'transient'],
    [400, 'permanent'],
    [499, 'permanent'],
    [200, 'indeterminate'],
    [304, 'indeterminate'],
  ])('status %i: %s', (status, expected) => {
    expect(classifyStatus(status)).toBe(expected);
  });

  it.each<[string, unknown, number | undefined]>([
    ['a 429 with Retry-After', api(429, 1_500), 1_500],
    ['a 503 without it', api(503), undefined],
    ['a second copy’s 429', copy('ERR_JOURNEYS_API', { status: 429, retryAfterMs: 500 }), 500],
    ['a nonsense value', copy('ERR_JOURNEYS_API', { status: 429, retryAfterMs: -1 }), undefined],
    ['not an object', undefined, undefined],
  ])('Retry-After of %s: %s', (_name, error, expected) => {
    expect(retryAfterOf(error)).toBe(expected);
  });
});
