/**
 * `runs.waitFor` of the fake client: really waits, as the real client's polling does, but wakes at
 * once when a test moves the run (or its scripted clock reaches the next status) instead of on the
 * next poll, so tests stay fast without giving up the timing semantics (timeoutMs, signal).
 */
import {
  FINISHED_RUN_STATUSES,
  JourneysAbortError,
  JourneysTimeoutError,
  JourneysValidationError,
  type JourneyRun,
  type ValidationIssue,
  type WaitForRunOptions,
} from '@journeykit/core';
import type { RunStore } from './run-store.js';

/** Default of `timeoutMs`: one minute. */
export const DEFAULT_WAIT_TIMEOUT_MS = 60_000;
/** Default of `pollIntervalMs`. */
export const DEFAULT_POLL_INTERVAL_MS = 500;
/** Longest wait between polls. */
export const MAX_POLL_INTERVAL_MS = 10_000;
// setTimeout's longest delay; a longer timeout would fire at once.
const MAX_TIMER_MS = 2 ** 31 - 1;

interface CheckedWait {
  until: readonly string[];
  timeoutMs: number;
  pollIntervalMs: number;
  signal: AbortSignal | undefined;
}

/** Checks `waitFor`'s options; every problem at once, as for an invoke. */
export function checkWaitOptions(options: WaitForRunOptions | undefined): CheckedWait {
  const issues: ValidationIssue[] = [];
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new JourneysValidationError([{ path: ['options'], message: 'must be an object like { until: ["PROCESSED"], timeoutMs: 30000 }' }]);
  }
  const { until = FINISHED_RUN_STATUSES, timeoutMs = DEFAULT_WAIT_TIMEOUT_MS, pollIntervalMs = DEFAULT_POLL_INTERVAL_MS, signal } = options ?? {};
  if (!Array.isArray(until) || until.length === 0 || until.some((s) => typeof s !== 'string' || s === '')) {
    issues.push({ path: ['options', 'until'], message: 'must be a non-empty array of statuses, e.g. ["PROCESSED", "ERROR"]' });
  }
  if (!(typeof timeoutMs === 'number' && timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS)) {
    issues.push({ path: ['options', 'timeoutMs'], message: `must be a positive number of milliseconds up to ${MAX_TIMER_MS}, got ${String(timeoutMs)}` });
  }
  if (!(typeof pollIntervalMs === 'number' && pollIntervalMs > 0 && pollIntervalMs <= MAX_TIMER_MS)) {
    issues.push({ path: ['options', 'pollIntervalMs'], message: `must be a positive number of milliseconds, got ${String(pollIntervalMs)}` });
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) issues.push({ path: ['options', 'signal'], message: 'must be an AbortSignal' });
  if (issues.length > 0) throw new JourneysValidationError(issues);
  return { until, timeoutMs, pollIntervalMs, signal };
}

/**
 * Resolves with the run once its status is one of `until`; rejects with `JourneysTimeoutError`
 * after `timeoutMs`, `JourneysAbortError` when `signal` aborts, or whatever `read` throws (an
 * unknown run, a scripted failure).
 */
export async function waitForRun(store: RunStore, runId: string, read: () => JourneyRun, options: CheckedWait): Promise<JourneyRun> {
  const { until, timeoutMs, signal } = options;
  const deadline = Date.now() + timeoutMs;
  let interval = options.pollIntervalMs;
  for (;;) {
    if (signal?.aborted) throw new JourneysAbortError({ cause: signal.reason });
    const run = read();
    if (run.status !== undefined && until.includes(run.status)) return run;
    const left = deadline - Date.now();
    if (left <= 0) throw new JourneysTimeoutError(timeoutMs);
    const scripted = store.nextChangeIn(runId);
    // +1: wake just after the scripted change, not a hair before it.
    await pause(Math.min(interval, left, scripted === undefined ? Infinity : scripted + 1), store, runId, signal);
    interval = Math.min(interval * 1.5, MAX_POLL_INTERVAL_MS);
  }
}

/** Waits `ms`, or less when the run is moved or the signal aborts. */
function pause(ms: number, store: RunStore, runId: string, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      unsubscribe();
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const unsubscribe = store.onChange((moved) => {
      if (moved === runId) done();
    });
    signal?.addEventListener('abort', done, { once: true });
  });
}
