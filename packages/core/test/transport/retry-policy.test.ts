import { describe, expect, it } from 'vitest';
import {
  defaultRetryDelay,
  JourneysAbortError,
  JourneysApiError,
  JourneysConnectionError,
  JourneysQueueTimeoutError,
  JourneysResponseTooLargeError,
  JourneysTimeoutError,
} from '../../src/index.js';
import { decideRetry, isRetryableStatus, type RetryDecision } from '../../src/transport/retry-policy.js';

// The whole retry decision, one row per case: the typed error the attempt produced, which attempt
// it was, and what happens next. Which failures are retried is the failure class
// (errors/failure-class.test.ts); this adds the budget and the delay. Backoff is a fixed 250 ms here
// so the delay column is exact.
const settings = { maxRetries: 2, retryDelayMs: 250 };
const no: RetryDecision = { retry: false };
const after = (reason: 'connection' | 'timeout' | 'status', delayMs: number): RetryDecision => ({ retry: true, reason, delayMs });
const dropped = (code?: string) => new JourneysConnectionError('dropped', code === undefined ? undefined : { cause: { code } });
const timeout = new JourneysTimeoutError(1_000);
const api = (status: number, retryAfterMs?: number) => new JourneysApiError(`Courier answered ${status}`, status, {}, undefined, { retryAfterMs });

describe('retry decision', () => {
  it.each<[string, unknown, number, RetryDecision]>([
    // Faults: retried when a repeat can help, under the same idempotency key.
    ['connection reset', dropped('ECONNRESET'), 1, after('connection', 250)],
    ['socket closed by the server', dropped('UND_ERR_SOCKET'), 2, after('connection', 250)],
    ['connection fault without a code', dropped(), 1, after('connection', 250)],
    ['attempt timeout', timeout, 1, after('timeout', 250)],
    ['undici refused the request (invalid argument)', dropped('UND_ERR_INVALID_ARG'), 1, no],
    ['undici refused the request (not supported)', dropped('UND_ERR_NOT_SUPPORTED'), 1, no],
    ['aborted by the caller', new JourneysAbortError(), 1, no],
    ['response over maxResponseBytes', new JourneysResponseTooLargeError(1_000), 1, no],
    ['no free connection within queueTimeoutMs', new JourneysQueueTimeoutError(100, 4), 1, no],
    // Statuses.
    ['408', api(408), 1, after('status', 250)],
    ['409 (same key still in flight)', api(409), 1, after('status', 250)],
    ['429', api(429), 1, after('status', 250)],
    ['500', api(500), 1, after('status', 250)],
    ['503', api(503), 2, after('status', 250)],
    ['599', api(599), 1, after('status', 250)],
    ['400', api(400), 1, no],
    ['401', api(401), 1, no],
    ['404', api(404), 1, no],
    ['422', api(422), 1, no],
    // Retry-After: what the server asks, never less than the backoff.
    ['429 with Retry-After 3 s', api(429, 3000), 1, after('status', 3000)],
    ['503 with Retry-After 0 (no burst: the backoff still applies)', api(503, 0), 1, after('status', 250)],
    ['503 with Retry-After 100 ms, below the backoff', api(503, 100), 1, after('status', 250)],
    ['422 with Retry-After: still not retryable', api(422, 1000), 1, no],
    [
      'a 429 from a second copy of core, by code',
      Object.assign(new Error('x'), { code: 'ERR_JOURNEYS_API', status: 429, retryAfterMs: 900 }),
      1,
      after('status', 900),
    ],
    // The attempt budget: maxRetries retries after the first attempt.
    ['connection fault on the last allowed attempt', dropped(), 3, no],
    ['503 on the last allowed attempt', api(503), 3, no],
    ['429 with Retry-After on the last allowed attempt', api(429, 1000), 3, no],
  ])('%s, attempt %#', (_name, error, attempt, expected) => {
    expect(decideRetry(error, attempt, settings)).toEqual(expected);
  });

  it('maxRetries 0 never retries', () => {
    expect(decideRetry(api(503), 1, { maxRetries: 0, retryDelayMs: 250 })).toEqual(no);
    expect(decideRetry(timeout, 1, { maxRetries: 0, retryDelayMs: 250 })).toEqual(no);
  });

  it('a delay function is asked with the retry number and the reason; bad answers wait 0, huge ones the longest timer', () => {
    const asked: [number, string][] = [];
    const retryDelayMs = (attempt: number, reason: string) => {
      asked.push([attempt, reason]);
      return attempt === 1 ? Number.NaN : attempt === 2 ? -5 : 1e12;
    };
    expect(decideRetry(timeout, 1, { maxRetries: 5, retryDelayMs })).toEqual(after('timeout', 0));
    expect(decideRetry(api(500), 2, { maxRetries: 5, retryDelayMs })).toEqual(after('status', 0));
    expect(decideRetry(dropped(), 3, { maxRetries: 5, retryDelayMs })).toEqual(after('connection', 2 ** 31 - 1));
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
