/**
 * How long and how often the outbox retries a delivery that failed for a reason that may pass
 * (Courier down, timeouts, 408/409/429/5xx). pg-boss waits `initialDelayMs * 2^n` (with
 * jitter, capped at `maxDelayMs`) before retry `n`; the outbox stops retrying once `horizonMs`
 * have passed since the invocation became due and dead-letters it. All in milliseconds; pg-boss
 * counts the two delays in whole seconds, so a fraction of a second rounds up.
 */
export interface RetrySchedule {
  /** How long to keep retrying, from when the invocation became due, in ms. Default 6 hours (21 600 000). */
  horizonMs?: number;
  /** Delay before the first retry, in ms (1 000 at least). Default 10 000. */
  initialDelayMs?: number;
  /** Longest delay between two retries, in ms. Default 600 000 (10 minutes). */
  maxDelayMs?: number;
}

/**
 * The schedule used for what `retry` leaves out: 6 hours of retries, 10 s doubling to 10 min.
 * Six hours rides out a typical Courier or network outage while keeping the idempotency key (and
 * the job) short-lived; raise `horizonMs` for journeys that must start after a longer one.
 */
export const DEFAULT_RETRY_SCHEDULE: Readonly<Required<RetrySchedule>> = Object.freeze({
  horizonMs: 6 * 3_600_000,
  initialDelayMs: 10_000,
  maxDelayMs: 10 * 60_000,
});

/** Courier keeps an idempotency key for at most a year; the horizon plus its margin must fit. */
export const MAX_HORIZON_MS = 360 * 86_400_000;

/**
 * The key must outlive the last attempt: an attempt may start just before the horizon ends and
 * run (client retries included) for a while, and clocks differ between hosts.
 */
export const KEY_EXPIRY_MARGIN_MS = 3_600_000;

const MAX_RETRY_LIMIT = 100_000;

/**
 * pg-boss counts retries, not time: the smallest retry count whose shortest possible waits
 * (jitter at its minimum, half the nominal delay) add up to the horizon. The worker itself
 * dead-letters at the horizon, so the count only has to be large enough never to run out first.
 */
export function retryLimitFor(schedule: Required<RetrySchedule>): number {
  const { horizonMs, initialDelayMs, maxDelayMs } = schedule;
  let waited = 0;
  let retries = 0;
  while (waited < horizonMs && retries < MAX_RETRY_LIMIT) {
    waited += Math.min(maxDelayMs, (initialDelayMs * 2 ** Math.min(16, retries)) / 2);
    retries++;
  }
  // One spare retry for an attempt cut short by a worker that died (its claim expires and counts).
  return retries + 1;
}
