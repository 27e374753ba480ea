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

// RFC 9110 section 10.2.3: Retry-After = HTTP-date / delay-seconds; delay-seconds = 1*DIGIT.
const DELAY_SECONDS = /^\d+$/;
// RFC 9110 section 5.6.7, the one date form a sender may generate: "Sun, 06 Nov 1994 08:49:37 GMT".
const IMF_FIXDATE =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function parseImfFixdate(value: string): number | undefined {
  const m = IMF_FIXDATE.exec(value);
  if (m === null) return undefined;
  const [, day, month, year, hour, minute, second] = m as unknown as [string, string, string, string, string, string, string];
  const at = Date.UTC(Number(year), MONTHS.indexOf(month), Number(day), Number(hour), Number(minute), Number(second));
  // Date.UTC rolls "31 Feb" over into March; a date that does not exist is not a date.
  const check = new Date(at);
  return check.getUTCDate() === Number(day) && check.getUTCHours() === Number(hour) && Number(second) < 60 ? at : undefined;
}

/**
 * Parses a `Retry-After` value into milliseconds from `now`, capped at `maxMs`. Only the two
 * forms RFC 9110 lets a server send are read: delay-seconds (`120`) and an IMF-fixdate
 * (`Sun, 06 Nov 1994 08:49:37 GMT`). Anything else (`soon 10`, `1.5`, `-1`, other date formats)
 * returns undefined, so the caller falls back to its backoff. A date in the past reads as 0.
 *
 * @example
 * ```ts
 * parseRetryAfter('3', 60_000); // 3000
 * parseRetryAfter('soon 10', 60_000); // undefined: not an RFC 9110 form
 * ```
 */
export function parseRetryAfter(value: string | undefined, maxMs: number, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  let ms: number;
  if (DELAY_SECONDS.test(trimmed)) {
    ms = Number(trimmed) * 1000;
  } else {
    const at = parseImfFixdate(trimmed);
    if (at === undefined) return undefined;
    ms = at - now;
  }
  return Math.min(Math.max(0, ms), maxMs);
}

/**
 * The wait before a retry after a retryable status: what `Retry-After` asks for, but never less
 * than the backoff this retry would wait anyway. A server that says "retry now" (`0`, or a date
 * in the past) must not turn the backoff into a burst of immediate retries.
 */
export function statusRetryDelay(retryAfterMs: number | undefined, backoffMs: number): number {
  return retryAfterMs === undefined ? backoffMs : Math.max(retryAfterMs, backoffMs);
}

/** Resolves the delay for a retry from the policy the client was given. */
export function retryDelayFor(policy: RetryDelay, attempt: number, reason: RetryReason): number {
  const ms = typeof policy === 'number' ? policy : policy(attempt, reason);
  // Node fires longer timers after 1 ms; a policy asking for more than ~24 days gets the most a timer can wait.
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, MAX_TIMER_MS) : 0;
}
