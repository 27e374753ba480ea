/**
 * Days in a test that takes seconds: pg-boss's own TestClock drives pg-boss (its timers, and
 * `job_now()` in the database, which every retention and retry rule reads), and the same clock is
 * given to the outbox and the fake Courier, so the three agree on what "now" is.
 */
import { TestClock } from 'pg-boss';

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

export { TestClock };

/**
 * Moves simulated time on in small steps (firing pg-boss's polls and timers) until `done()`, with a
 * little real time between steps for the deliveries' HTTP round trips, which the clock does not wait for.
 */
export async function driveUntil(
  clock: TestClock,
  what: string,
  done: () => boolean | Promise<boolean>,
  { stepMs = 500, realTimeoutMs = 30_000 } = {},
): Promise<void> {
  const deadline = Date.now() + realTimeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`simulated time: gave up after ${realTimeoutMs} ms (real) waiting for ${what}`);
    await clock.tick(stepMs);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}
