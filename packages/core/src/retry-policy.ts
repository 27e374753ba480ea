/**
 * When and how long to wait before retrying. The transport asks this module; it holds no
 * retry logic of its own, so the policy can be read, tested and replaced in one place.
 */

import { MAX_TIMER_MS } from './abort-listeners.js';

/** Why an attempt is being retried. */
export type RetryReason = 'connection' | 'timeout' | 'status';

/**
 * How long to wait before retry number `attempt` (1 for the first retry). A number is a fixed
 * delay; a function computes it.
 */
export type RetryDelay = number | ((attempt: number, reason: RetryReason) => number);

/** Default cap on an honoured `Retry-After`: 60 s. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/**
 * Exponential backoff with "equal jitter": 250 ms, 500 ms, 1 s, ... capped at 8 s, each drawn
 * from the upper half of its window so retries from many callers spread out but never collapse to 0.
 *
 * @example
 * ```ts
 * new JourneysClient({ retryDelay: (attempt) => defaultRetryDelay(attempt) * 2 });
 * ```
 */
export function defaultRetryDelay(attempt: number): number {
  const window = Math.min(250 * 2 ** (attempt - 1), 8_000);
  return window / 2 + Math.random() * (window / 2);
}

/** Statuses that are safe and useful to retry with the same idempotency key. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Parses a `Retry-After` value (delay in seconds, or an HTTP date) into milliseconds from `now`,
 * capped at `maxMs`. Returns undefined when the header is absent or unreadable, so the caller
 * falls back to its backoff.
 */
export function parseRetryAfter(value: string | undefined, maxMs: number, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    ms = Number(trimmed) * 1000;
  } else {
    // An HTTP date always has letters (a day or month name); this keeps "-1" from parsing as a year.
    const at = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(Math.max(0, ms), maxMs);
}

/** Resolves the delay for a retry from the policy the client was given. */
export function retryDelayFor(policy: RetryDelay, attempt: number, reason: RetryReason): number {
  const ms = typeof policy === 'number' ? policy : policy(attempt, reason);
  // Node fires longer timers after 1 ms; a policy asking for more than ~24 days gets the most a timer can wait.
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, MAX_TIMER_MS) : 0;
}
