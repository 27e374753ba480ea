import { describe, expect, it } from 'vitest';
import {
  defaultRetryDelay,
  JourneysAbortError,
  JourneysApiError,
  JourneysConnectionError,
  JourneysQueueTimeoutError,
  JourneysRunNotFoundError,
  JourneysRunWaitTimeoutError,
  JourneysTimeoutError,
} from '../../src/index.js';
import {
  decideRepeat,
  decideRetry,
  isRetryableStatus,
  markUnrepeatable,
  type AttemptOutcome,
  type RepeatDecision,
  type RetryDecision,
} from '../../src/transport/retry-policy.js';

// The whole retry decision, one row per case: what the attempt produced, which attempt it was,
// and what happens next. Backoff is a fixed 250 ms here so the delay column is exact.
const settings = { maxRetries: 2, retryDelay: 250 };
const no: RetryDecision = { retry: false };
const after = (reason: 'connection' | 'timeout' | 'status', delayMs: number): RetryDecision => ({ retry: true, reason, delayMs });

describe('retry decision', () => {
  it.each<[string, AttemptOutcome, number, RetryDecision]>([
    // Faults: retried when a repeat can help, under the same idempotency key.
    ['connection reset', { fault: 'connection', code: 'ECONNRESET' }, 1, after('connection', 250)],
    ['socket closed by the server', { fault: 'connection', code: 'UND_ERR_SOCKET' }, 2, after('connection', 250)],
    ['connection fault without a code', { fault: 'connection' }, 1, after('connection', 250)],
    ['attempt timeout', { fault: 'timeout' }, 1, after('timeout', 250)],
    ['undici refused the request (invalid argument)', { fault: 'connection', code: 'UND_ERR_INVALID_ARG' }, 1, no],
    ['undici refused the request (not supported)', { fault: 'connection', code: 'UND_ERR_NOT_SUPPORTED' }, 1, no],
    ['aborted by the caller', { fault: 'abort' }, 1, no],
    ['response over maxResponseBytes', { fault: 'too-large' }, 1, no],
    ['no free connection within queueTimeoutMs', { fault: 'queue-timeout' }, 1, no],
    // Statuses.
    ['408', { status: 408 }, 1, after('status', 250)],
    ['409 (same key still in flight)', { status: 409 }, 1, after('status', 250)],
    ['429', { status: 429 }, 1, after('status', 250)],
    ['500', { status: 500 }, 1, after('status', 250)],
    ['503', { status: 503 }, 2, after('status', 250)],
    ['599', { status: 599 }, 1, after('status', 250)],
    ['400', { status: 400 }, 1, no],
    ['401', { status: 401 }, 1, no],
    ['404', { status: 404 }, 1, no],
    ['422', { status: 422 }, 1, no],
    // Retry-After: what the server asks, never less than the backoff.
    ['429 with Retry-After 3 s', { status: 429, retryAfterMs: 3000 }, 1, after('status', 3000)],
    ['503 with Retry-After 0 (no burst: the backoff still applies)', { status: 503, retryAfterMs: 0 }, 1, after('status', 250)],
    ['503 with Retry-After 100 ms, below the backoff', { status: 503, retryAfterMs: 100 }, 1, after('status', 250)],
    ['422 with Retry-After: still not retryable', { status: 422, retryAfterMs: 1000 }, 1, no],
    // The attempt budget: maxRetries retries after the first attempt.
    ['connection fault on the last allowed attempt', { fault: 'connection' }, 3, no],
    ['503 on the last allowed attempt', { status: 503 }, 3, no],
    ['429 with Retry-After on the last allowed attempt', { status: 429, retryAfterMs: 1000 }, 3, no],
  ])('%s, attempt %#', (_name, outcome, attempt, expected) => {
    expect(decideRetry(outcome, attempt, settings)).toEqual(expected);
  });

  it('maxRetries 0 never retries', () => {
    expect(decideRetry({ status: 503 }, 1, { maxRetries: 0, retryDelay: 250 })).toEqual(no);
    expect(decideRetry({ fault: 'timeout' }, 1, { maxRetries: 0, retryDelay: 250 })).toEqual(no);
  });

  it('a delay function is asked with the retry number and the reason; bad answers wait 0, huge ones the longest timer', () => {
    const asked: [number, string][] = [];
    const retryDelay = (attempt: number, reason: string) => {
      asked.push([attempt, reason]);
      return attempt === 1 ? Number.NaN : attempt === 2 ? -5 : 1e12;
    };
    expect(decideRetry({ fault: 'timeout' }, 1, { maxRetries: 5, retryDelay })).toEqual(after('timeout', 0));
    expect(decideRetry({ status: 500 }, 2, { maxRetries: 5, retryDelay })).toEqual(after('status', 0));
    expect(decideRetry({ fault: 'connection' }, 3, { maxRetries: 5, retryDelay })).toEqual(after('connection', 2 ** 31 - 1));
    expect(asked).toEqual([
      [1, 'timeout'],
      [2, 'status'],
      [3, 'connection'],
    ]);
  });

  it.each([
    [408, true],
    [409, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [599, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [422, false],
    [200, false],
  ])('status %i retryable: %s', (status, expected) => {
    expect(isRetryableStatus(status)).toBe(expected);
  });

  it.each([
    [1, 125, 250],
    [2, 250, 500],
    [3, 500, 1000],
    [10, 4000, 8000],
  ])('default backoff for retry %i lies in [%i, %i] ms', (attempt, min, max) => {
    for (let i = 0; i < 200; i++) {
      const d = defaultRetryDelay(attempt);
      expect(d).toBeGreaterThanOrEqual(min);
      expect(d).toBeLessThanOrEqual(max);
    }
  });
});

// A call that failed after its own retries: worth making again later (runs.waitFor's polls) for
// the same failures decideRetry retries, judged on the typed error the call ended with (by its code,
// so that errors from another copy of the package count too).
describe('repeat decision', () => {
  it.each<[string, unknown, RepeatDecision]>([
    ['429 with Retry-After', new JourneysApiError('limited', 429, {}, undefined, { retryAfterMs: 2_000 }), { repeat: true, retryAfterMs: 2_000 }],
    ['503 without Retry-After', new JourneysApiError('down', 503, {}), { repeat: true, retryAfterMs: undefined }],
    ['409 (the same key still executing)', new JourneysApiError('busy', 409, {}), { repeat: true, retryAfterMs: undefined }],
    ['timeout', new JourneysTimeoutError(1_000), { repeat: true, retryAfterMs: undefined }],
    ['dropped connection', new JourneysConnectionError('reset'), { repeat: true, retryAfterMs: undefined }],
    ['401', new JourneysApiError('who', 401, {}), { repeat: false }],
    ['404: no such run', new JourneysRunNotFoundError('r', 'gone', {}), { repeat: false }],
    ['aborted', new JourneysAbortError(), { repeat: false }],
    ['connection queue full', new JourneysQueueTimeoutError(100, 4), { repeat: false }],
    ['not a journeykit error', new TypeError('x'), { repeat: false }],
    ['undici refused the request', new JourneysConnectionError('refused', { cause: { code: 'UND_ERR_INVALID_ARG' } }), { repeat: false }],
    [
      'a dropped connection with its undici code',
      new JourneysConnectionError('reset', { cause: { code: 'UND_ERR_SOCKET' } }),
      { repeat: true, retryAfterMs: undefined },
    ],
    ['a failure the client could not explain (marked)', markUnrepeatable(new JourneysConnectionError('Unexpected failure')), { repeat: false }],
    ['a run wait that ran out', new JourneysRunWaitTimeoutError('r', 100, ['PROCESSED'], undefined), { repeat: false }],
    [
      'a timeout from another copy of the package',
      Object.assign(new Error('t'), { code: 'ERR_JOURNEYS_TIMEOUT' }),
      { repeat: true, retryAfterMs: undefined },
    ],
    [
      'a 503 from another copy of the package',
      Object.assign(new Error('down'), { code: 'ERR_JOURNEYS_API', status: 503, retryAfterMs: 500 }),
      { repeat: true, retryAfterMs: 500 },
    ],
  ])('%s', (_name, error, expected) => {
    expect(decideRepeat(error)).toEqual(expected);
  });
});
