/**
 * The `clock` option every journeykit fake takes (the fake server, `FakeJourneysClient`,
 * `FakeJourneysOutbox`), named and shaped like `@journeykit/outbox`'s: an object with `now()`, so
 * `Date` itself and pg-boss's `TestClock` both fit, and one clock moves the outbox, pg-boss and the
 * fakes together.
 */
import { JourneysConfigurationError } from '@journeykit/core';
import type { WaitTimers } from '@journeykit/core/internal';

/** Where a fake reads the time; with timers, also what `runs.waitFor` waits on. */
export interface FakeClock {
  /** Epoch milliseconds. */
  now(): number;
  /**
   * Schedules `fn` after `ms` of this clock's time. With it (and `clearTimeout`), `runs.waitFor`
   * polls and times out on this clock: a test moves the clock instead of waiting (pg-boss's
   * `TestClock` has both: `await clock.tick(ms)`). Without it, `waitFor` waits in real time.
   */
  setTimeout?(fn: () => void, ms: number): unknown;
  /** Cancels what `setTimeout` scheduled. */
  clearTimeout?(handle: never): void;
}

/** The clock's `now`, or `Date.now`; a clock without `now()` is refused, naming the fix. */
export function checkClock(owner: string, clock: FakeClock | undefined): () => number {
  if (clock === undefined) return Date.now;
  if (typeof (clock as { now?: unknown } | null)?.now !== 'function') {
    throw new JourneysConfigurationError(`${owner}: clock must have now(), like Date or pg-boss's TestClock`);
  }
  return () => clock.now();
}

/** The clock's timers when it has both, for `waitForRun`; otherwise undefined (Node's timers). */
export function clockTimers(clock: FakeClock | undefined): WaitTimers | undefined {
  if (clock === undefined || typeof clock.setTimeout !== 'function' || typeof clock.clearTimeout !== 'function') return undefined;
  return { setTimeout: (fn, ms) => clock.setTimeout!(fn, ms), clearTimeout: (handle) => clock.clearTimeout!(handle) };
}
