/**
 * Whether to retry an attempt, and after how long: the whole decision, in {@link decideRetry}.
 * The transport only reports what happened to an attempt; the request pipeline turns that into the
 * typed error, asks this module what to do about it, and does that. Which failures are worth
 * trying again is core's one classification (`errors/failure-class.ts`); this module adds the
 * attempt budget and the backoff.
 */
import { MAX_TIMER_MS } from '../shared/abort-listeners.js';
import { classifyFailure, classifyStatus, retryAfterOf } from '../errors/failure-class.js';

/** Why an attempt is being retried. */
export type RetryReason = 'connection' | 'timeout' | 'status';

/**
 * How long to wait before retry number `attempt` (1 for the first retry). A number is a fixed
 * delay; a function computes it.
 */
export type RetryDelay = number | ((attempt: number, reason: RetryReason) => number);

/**
 * Exponential backoff with "equal jitter": 250 ms, 500 ms, 1 s, ... capped at 8 s, each drawn
 * from the upper half of its window so retries from many callers spread out but never collapse to 0.
 *
 * @example
 * ```ts
 * new JourneysClient({ retryDelayMs: (attempt) => defaultRetryDelay(attempt) * 2 });
 * ```
 */
export function defaultRetryDelay(attempt: number): number {
  const window = Math.min(250 * 2 ** (attempt - 1), 8_000);
  return window / 2 + Math.random() * (window / 2);
}

/**
 * Statuses that are safe and useful to retry with the same idempotency key: a timeout, a
 * conflict with the same key still in flight (409), rate limiting, and server errors.
 *
 * @example
 * ```ts
 * isRetryableStatus(503); // true
 * isRetryableStatus(422); // false: the same request would be refused again
 * ```
 */
export function isRetryableStatus(status: number): boolean {
  const failure = classifyStatus(status);
  return failure === 'transient' || failure === 'throttled';
}

/** The call's retry settings. */
export interface RetrySettings {
  /** Retries allowed after the first attempt. */
  maxRetries: number;
  /** Backoff policy. */
  retryDelayMs: RetryDelay;
}

/** What to do after an attempt that did not succeed. */
export type RetryDecision = { retry: false } | { retry: true; reason: RetryReason; delayMs: number };

const NO_RETRY: RetryDecision = Object.freeze({ retry: false });

const REASONS: Readonly<Record<string, RetryReason>> = {
  ERR_JOURNEYS_API: 'status',
  ERR_JOURNEYS_TIMEOUT: 'timeout',
  ERR_JOURNEYS_CONNECTION: 'connection',
};

/**
 * The retry decision for attempt number `attempt` (1 for the first) that failed with `error` (the
 * typed error the attempt would end the call with):
 * - failures {@link classifyFailure} calls `transient` or `throttled` are retried (the idempotency
 *   key makes a repeat safe); `saturated` (a full connection queue: waiting again would only lengthen
 *   it), `permanent` and `indeterminate` ones are not;
 * - a retry waits what `Retry-After` asks but never less than the backoff (a server saying "retry
 *   now" must not turn the backoff into a burst);
 * - nothing is retried once `maxRetries` retries have been made.
 *
 * @example
 * ```ts
 * decideRetry(new JourneysApiError('down', 503, {}, undefined, { retryAfterMs: 2000 }), 1, { maxRetries: 2, retryDelayMs: 250 });
 * // { retry: true, reason: 'status', delayMs: 2000 }
 * ```
 */
export function decideRetry(error: unknown, attempt: number, settings: RetrySettings): RetryDecision {
  if (attempt > settings.maxRetries) return NO_RETRY;
  const failure = classifyFailure(error);
  // Retry now: what may pass in a moment, and what Courier asked to slow down for.
  if (failure !== 'transient' && failure !== 'throttled') return NO_RETRY;
  const reason = REASONS[(error as { code: string }).code] ?? 'status';
  const backoffMs = backoffFor(settings.retryDelayMs, attempt, reason);
  const retryAfterMs = retryAfterOf(error);
  return { retry: true, reason, delayMs: retryAfterMs === undefined ? backoffMs : Math.max(retryAfterMs, backoffMs) };
}

function backoffFor(policy: RetryDelay, attempt: number, reason: RetryReason): number {
  const ms = typeof policy === 'number' ? policy : policy(attempt, reason);
  // Node fires longer timers after 1 ms; a policy asking for more than ~24 days gets the most a timer can wait.
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, MAX_TIMER_MS) : 0;
}
