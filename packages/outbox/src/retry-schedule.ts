/**
 * How long and how often the outbox retries a delivery that failed for a reason that may pass
 * (Courier down, timeouts, 408/409/429/5xx). pg-boss waits `initialDelaySeconds * 2^n` (with
 * jitter, capped at `maxDelaySeconds`) before retry `n`; the outbox stops retrying once
 * `horizonSeconds` have passed since the invocation became due and dead-letters it.
 */
export interface RetrySchedule {
  /** How long to keep retrying, from when the invocation became due. Default 6 hours. */
  horizonSeconds?: number;
  /** Delay before the first retry. Default 10 seconds. */
  initialDelaySeconds?: number;
  /** Longest delay between two retries. Default 10 minutes. */
  maxDelaySeconds?: number;
}

/**
 * The schedule used for what `retry` leaves out: 6 hours of retries, 10 s doubling to 10 min.
 * Six hours rides out a typical Courier or network outage while keeping the idempotency key (and
 * the job) short-lived; raise `horizonSeconds` for journeys that must start after a longer one.
 */
export const DEFAULT_RETRY_SCHEDULE: Readonly<Required<RetrySchedule>> = Object.freeze({
  horizonSeconds: 6 * 60 * 60,
  initialDelaySeconds: 10,
  maxDelaySeconds: 10 * 60,
});

/** Courier keeps an idempotency key for at most a year; the horizon plus its margin must fit. */
export const MAX_HORIZON_SECONDS = 360 * 24 * 60 * 60;

/**
 * The key must outlive the last attempt: an attempt may start just before the horizon ends and
 * run (client retries included) for a while, and clocks differ between hosts.
 */
export const KEY_EXPIRY_MARGIN_SECONDS = 60 * 60;

const MAX_RETRY_LIMIT = 100_000;

/**
 * pg-boss counts retries, not time: the smallest retry count whose shortest possible waits
 * (jitter at its minimum, half the nominal delay) add up to the horizon. The worker itself
 * dead-letters at the horizon, so the count only has to be large enough never to run out first.
 */
export function retryLimitFor(schedule: Required<RetrySchedule>): number {
  const { horizonSeconds, initialDelaySeconds, maxDelaySeconds } = schedule;
  let waited = 0;
  let retries = 0;
  while (waited < horizonSeconds && retries < MAX_RETRY_LIMIT) {
    waited += Math.min(maxDelaySeconds, (initialDelaySeconds * 2 ** Math.min(16, retries)) / 2);
    retries++;
  }
  // One spare retry for an attempt cut short by a worker that died (its claim expires and counts).
  return retries + 1;
}
