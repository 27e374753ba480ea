/**
 * Whether to retry an attempt, and after how long: the whole decision, in {@link decideRetry}.
 * The transport only reports what happened to an attempt (a response with its status, or a fault
 * of some kind); the request pipeline asks this module what to do about it, and does that.
 */
import { MAX_TIMER_MS } from '../shared/abort-listeners.js';
import { isJourneysError } from '../errors/errors.js';
import type { AttemptFaultKind } from './transport.js';

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
 * new JourneysClient({ retryDelay: (attempt) => defaultRetryDelay(attempt) * 2 });
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
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

// undici refuses these before anything is sent; the same request would be refused again.
const NON_RETRYABLE_UNDICI_CODES = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED']);

/** What one attempt produced, as far as the retry decision cares. */
export type AttemptOutcome = { status: number; retryAfterMs?: number | undefined } | { fault: AttemptFaultKind; code?: string | undefined };

/** The call's retry settings. */
export interface RetrySettings {
  /** Retries allowed after the first attempt. */
  maxRetries: number;
  /** Backoff policy. */
  retryDelay: RetryDelay;
}

/** What to do after an attempt that did not succeed. */
export type RetryDecision = { retry: false } | { retry: true; reason: RetryReason; delayMs: number };

const NO_RETRY: RetryDecision = Object.freeze({ retry: false });

/**
 * The retry decision for attempt number `attempt` (1 for the first) that ended with `outcome`:
 * - connection faults and timeouts are retried (the idempotency key makes a repeat safe), except
 *   when undici refused the request itself;
 * - an abort, a response over `maxResponseBytes`, and a full connection queue are not (repeating
 *   cannot help, or would only lengthen the queue);
 * - statuses from {@link isRetryableStatus} are retried, waiting what `Retry-After` asks but never
 *   less than the backoff (a server saying "retry now" must not turn the backoff into a burst);
 * - nothing is retried once `maxRetries` retries have been made.
 *
 * @example
 * ```ts
 * decideRetry({ status: 503, retryAfterMs: 2000 }, 1, { maxRetries: 2, retryDelay: 250 });
 * // { retry: true, reason: 'status', delayMs: 2000 }
 * ```
 */
export function decideRetry(outcome: AttemptOutcome, attempt: number, settings: RetrySettings): RetryDecision {
  if (attempt > settings.maxRetries) return NO_RETRY;
  let reason: RetryReason;
  if ('status' in outcome) {
    if (!isRetryableStatus(outcome.status)) return NO_RETRY;
    reason = 'status';
  } else if (outcome.fault === 'timeout') {
    reason = 'timeout';
  } else if (outcome.fault === 'connection' && !(outcome.code !== undefined && NON_RETRYABLE_UNDICI_CODES.has(outcome.code))) {
    reason = 'connection';
  } else {
    return NO_RETRY;
  }
  const backoffMs = backoffFor(settings.retryDelay, attempt, reason);
  const retryAfterMs = 'status' in outcome ? outcome.retryAfterMs : undefined;
  return { retry: true, reason, delayMs: retryAfterMs === undefined ? backoffMs : Math.max(retryAfterMs, backoffMs) };
}

function backoffFor(policy: RetryDelay, attempt: number, reason: RetryReason): number {
  const ms = typeof policy === 'number' ? policy : policy(attempt, reason);
  // Node fires longer timers after 1 ms; a policy asking for more than ~24 days gets the most a timer can wait.
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, MAX_TIMER_MS) : 0;
}

/** Whether to make a failed call again later: {@link decideRepeat}. */
export type RepeatDecision = { repeat: false } | { repeat: true; retryAfterMs: number | undefined };

const NO_REPEAT: RepeatDecision = Object.freeze({ repeat: false });

// Symbol.for, so that a second copy of this package (an app's and testkit's) reads the same mark.
const UNREPEATABLE = Symbol.for('journeykit.unrepeatable');

/**
 * Marks a failure that would happen the same way again however long one waits (a dispatcher that
 * throws, a bug): {@link decideRepeat} never repeats it. The mark is hidden from logs and `util.inspect`.
 */
export function markUnrepeatable<E extends object>(error: E): E {
  Object.defineProperty(error, UNREPEATABLE, { value: true });
  return error;
}

/**
 * Whether a call that failed after its own retries is worth making again later, as `runs.waitFor`
 * does with its polls: exactly when {@link decideRetry} would retry the failure the typed error
 * describes (a retryable status, with what `Retry-After` asked; a timeout; a dropped connection
 * that undici did not refuse). A 404, a 401, an abort, a full connection queue, or anything the
 * client could not explain would fail the same way again. Read from the error's `code`, so errors
 * from another copy of this package count too.
 *
 * @example
 * ```ts
 * decideRepeat(error); // a 429 with Retry-After: 2 -> { repeat: true, retryAfterMs: 2000 }
 * ```
 */
export function decideRepeat(error: unknown): RepeatDecision {
  const outcome = outcomeOf(error);
  if (outcome === undefined || !decideRetry(outcome, 0, { maxRetries: 0, retryDelay: 0 }).retry) return NO_REPEAT;
  return { repeat: true, retryAfterMs: 'status' in outcome ? outcome.retryAfterMs : undefined };
}

/** The attempt outcome a typed error stands for, when it stands for one. */
function outcomeOf(error: unknown): AttemptOutcome | undefined {
  if (!isJourneysError(error) || (error as { [UNREPEATABLE]?: unknown })[UNREPEATABLE] === true) return undefined;
  const { code, status, retryAfterMs, cause } = error as { code: string; status?: unknown; retryAfterMs?: unknown; cause?: unknown };
  switch (code) {
    case 'ERR_JOURNEYS_API':
    case 'ERR_JOURNEYS_RUN_NOT_FOUND':
      return typeof status === 'number' ? { status, retryAfterMs: typeof retryAfterMs === 'number' ? retryAfterMs : undefined } : undefined;
    case 'ERR_JOURNEYS_TIMEOUT':
      // A JourneysRunWaitTimeoutError (it carries lastRun) is a wait that is over, not an attempt that timed out.
      return 'lastRun' in error ? undefined : { fault: 'timeout' };
    case 'ERR_JOURNEYS_CONNECTION': {
      const undiciCode = cause !== null && typeof cause === 'object' ? (cause as { code?: unknown }).code : undefined;
      return { fault: 'connection', code: typeof undiciCode === 'string' ? undiciCode : undefined };
    }
    default:
      return undefined;
  }
}
