/**
 * `runs.waitFor`: polls a run until its status is one the caller waits for, with growing waits
 * between polls, and backs off further when Courier says so (429, `Retry-After`).
 */
import { NODE_TIMERS, abortableDelay, onAbort, type WaitTimers } from '../shared/abort-listeners.js';
import { JourneysAbortError, JourneysRunWaitTimeoutError } from '../errors/errors.js';
import { FINISHED_RUN_STATUSES, type JourneyRun, type LifecycleCallOptions, type WaitForRunOptions } from '../contract/journey-runs.js';
import { checkWaitOptions } from '../input/lifecycle-input.js';
import { classifyFailure, retryAfterOf } from '../errors/failure-class.js';

/** Default `timeoutMs` of `runs.waitFor`: 60 s. */
export const DEFAULT_WAIT_TIMEOUT_MS = 60_000;
/** Default first wait between polls: 500 ms. */
export const DEFAULT_POLL_INTERVAL_MS = 500;
/** Longest wait between two polls: 10 s. */
const MAX_POLL_INTERVAL_MS = 10_000;

/**
 * Polls `get` until the run's status is in `until` (default: the finished statuses). A poll that
 * fails after the client's own retries with a failure worth repeating (`classifyFailure`:
 * transient, throttled or saturated: a 5xx, a 429, a timeout, a dropped connection, no free
 * connection) waits what `Retry-After` asked (or the next interval) and polls again; a permanent or
 * indeterminate failure (404 for an unknown run, 401, an abort) ends the wait. A run without a `status`
 * (a legacy run, Courier says) is returned at once: it has no status to wait for.
 *
 * @example
 * ```ts
 * const run = await waitForRun((id, o) => client.runs.get(id, o), runId, { until: ['WAITING'], timeoutMs: 10_000 });
 * ```
 */
export async function waitForRun(
  get: (runId: string, options: LifecycleCallOptions) => Promise<JourneyRun>,
  runId: string,
  options: WaitForRunOptions = {},
  timers: WaitTimers = NODE_TIMERS,
): Promise<JourneyRun> {
  checkWaitOptions(runId, options);
  const until = options.until ?? FINISHED_RUN_STATUSES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  let interval = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const callerSignal = options.signal;
  if (callerSignal?.aborted) throw new JourneysAbortError({ cause: callerSignal.reason, call: 'runs.waitFor' });
  const deadline = new AbortController();
  const timer = timers.setTimeout(() => deadline.abort(), timeoutMs);
  const unsubscribe = callerSignal === undefined ? undefined : onAbort(callerSignal, () => deadline.abort(callerSignal.reason));
  let last: JourneyRun | undefined;
  let lastError: unknown;
  try {
    for (;;) {
      let wait = interval;
      try {
        last = await get(runId, { signal: deadline.signal });
        lastError = undefined;
        // A legacy run stored without a status (Courier's JourneyRun docs) will never reach one: return it now.
        if (last.status === undefined || until.includes(last.status)) return last;
      } catch (err) {
        if (deadline.signal.aborted) break;
        const failure = classifyFailure(err);
        // Poll again: rate limited, unavailable, unreachable or out of free connections even after the client's retries.
        if (failure === 'permanent' || failure === 'indeterminate') throw err;
        lastError = err;
        wait = Math.max(wait, retryAfterOf(err) ?? 0);
      }
      await abortableDelay(wait, deadline.signal, timers);
      if (deadline.signal.aborted) break;
      interval = Math.min(interval * 1.5, MAX_POLL_INTERVAL_MS);
    }
    if (callerSignal?.aborted) throw new JourneysAbortError({ cause: callerSignal.reason, call: 'runs.waitFor' });
    throw new JourneysRunWaitTimeoutError(runId, timeoutMs, until, last, lastError);
  } finally {
    timers.clearTimeout(timer as never);
    unsubscribe?.();
  }
}
