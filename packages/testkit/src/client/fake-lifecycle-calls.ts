/**
 * The lifecycle half of `FakeJourneysClient`: `cancel` and `runs.*` as promises over the run store
 * the fake server uses too. Input is checked by core's own lifecycle checks and `waitFor` is core's
 * own polling loop, so the fake accepts, rejects and waits exactly as `JourneysClient` does; what
 * Courier would answer comes from the shared run store (an unknown run is a
 * `JourneysRunNotFoundError`), with Courier's idempotency for cancels and scriptable failures.
 */
import {
  JourneysConfigurationError,
  JourneysAbortError,
  JourneysRunNotFoundError,
  isJourneysError,
  type CancelOptions,
  type CancelRequest,
  type CancelResult,
  type JourneyRun,
  type JourneyRuns,
  type JourneyRunStep,
  type JourneyRunsFilter,
  type JourneysError,
  type LifecycleCallOptions,
  type WaitForRunOptions,
} from '@journeykit/core';
import { cancelBody, checkRunId, followRunPages, runsQuery, waitForRun, type WaitTimers } from '@journeykit/core/internal';
import { parseRunsQuery } from '../model/lifecycle-input.js';
import type { RunLifecycle } from '../model/run-lifecycle.js';

/** The lifecycle calls a test can make fail: `fake.rejectNext('cancel', error)`. */
export type FakeLifecycleCall = 'cancel' | 'runs.get' | 'runs.steps' | 'runs.list';
const CALLS: readonly FakeLifecycleCall[] = ['cancel', 'runs.get', 'runs.steps', 'runs.list'];

function notFound(runId: string): JourneysRunNotFoundError {
  const message = `Run "${runId}" not found: it does not exist or is past its retention`;
  return new JourneysRunNotFoundError(runId, message, { message, type: 'invalid_request_error' });
}

function abortIfAborted(signal: AbortSignal | undefined, call: FakeLifecycleCall): void {
  if (signal?.aborted) throw new JourneysAbortError({ cause: signal.reason, call });
}

/** A synchronous step as a promise: what it throws becomes the rejection. */
function settle<T>(run: () => T): Promise<T> {
  try {
    return Promise.resolve(run());
  } catch (err) {
    return Promise.reject(err);
  }
}

export class FakeLifecycleCalls {
  readonly runs: JourneyRuns;
  readonly #lifecycle: RunLifecycle;
  readonly #failures = new Map<FakeLifecycleCall, (() => JourneysError)[]>();
  // Courier replays the first answer for a key; the fake keeps each key's answer (result or error).
  readonly #cancelsByKey = new Map<string, { result: CancelResult } | { error: JourneysError }>();

  constructor(lifecycle: RunLifecycle, timers?: WaitTimers) {
    this.#lifecycle = lifecycle;
    this.cancel = this.cancel.bind(this);
    const get = (runId: string, options?: LifecycleCallOptions): Promise<JourneyRun> => settle(() => this.#get(runId, options));
    this.runs = Object.freeze({
      get,
      steps: (runId: string, options?: LifecycleCallOptions) => settle(() => this.#steps(runId, options)),
      list: (filter?: JourneyRunsFilter, options?: LifecycleCallOptions) => this.#list(filter, options),
      // Core's loop, over this fake's get: same defaults, the same failures waited out (classifyFailure), timeout and abort errors.
      waitFor: (runId: string, options?: WaitForRunOptions) => waitForRun(get, runId, options, timers),
    });
  }

  cancel(request: CancelRequest, options?: CancelOptions): Promise<CancelResult> {
    return settle(() => {
      const { body } = cancelBody(request, options);
      abortIfAborted(options?.signal, 'cancel');
      const key = options?.idempotencyKey;
      const stored = key === undefined ? undefined : this.#cancelsByKey.get(key);
      if (stored !== undefined) {
        if ('error' in stored) throw stored.error;
        return { ...stored.result };
      }
      // A scripted failure stands for one in front of Courier (a 503 from a proxy): not stored, so a retry runs afresh.
      this.#throwScripted('cancel');
      const checked = JSON.parse(body) as CancelRequest;
      const cancellation = this.#lifecycle.cancel(checked, key);
      if (cancellation === undefined) {
        const error = notFound(checked.run_id as string);
        if (key !== undefined) this.#cancelsByKey.set(key, { error });
        throw error;
      }
      if (key !== undefined) this.#cancelsByKey.set(key, { result: cancellation.result });
      return { ...cancellation.result };
    });
  }

  /** The next `call` (after earlier scripted ones) rejects with `error`; then calls behave again. */
  rejectNext(call: FakeLifecycleCall, error: JourneysError | (() => JourneysError)): void {
    if (!CALLS.includes(call))
      throw new JourneysConfigurationError(`rejectNext(): call must be one of ${CALLS.join(', ')}, got ${JSON.stringify(call)}`);
    if (typeof error !== 'function' && !isJourneysError(error)) {
      throw new JourneysConfigurationError(
        'rejectNext() takes a JourneysError (e.g. new JourneysApiError(message, 503, body)), so your code sees what JourneysClient throws',
      );
    }
    const queue = this.#failures.get(call) ?? [];
    queue.push(typeof error === 'function' ? error : () => error);
    this.#failures.set(call, queue);
  }

  clear(): void {
    this.#failures.clear();
    this.#cancelsByKey.clear();
  }

  #throwScripted(call: FakeLifecycleCall): void {
    const failure = this.#failures.get(call)?.shift()?.();
    if (failure !== undefined) throw failure;
  }

  #get(runId: string, options: LifecycleCallOptions | undefined): JourneyRun {
    checkRunId(runId, options, 'runs.get');
    abortIfAborted(options?.signal, 'runs.get');
    this.#throwScripted('runs.get');
    const run = this.#lifecycle.get(runId);
    if (run === undefined) throw notFound(runId);
    return run;
  }

  #steps(runId: string, options: LifecycleCallOptions | undefined): JourneyRunStep[] {
    checkRunId(runId, options, 'runs.steps');
    abortIfAborted(options?.signal, 'runs.steps');
    this.#throwScripted('runs.steps');
    const steps = this.#lifecycle.steps(runId);
    if (steps === undefined) throw notFound(runId);
    return steps;
  }

  /**
   * The query the real client would send (core's `runsQuery`), read back by the fake server's own
   * parser and paged by core's `followRunPages`: a page per step of the loop, as over HTTP.
   */
  async *#list(filter: JourneyRunsFilter | undefined, options: LifecycleCallOptions | undefined): AsyncGenerator<JourneyRun, void, undefined> {
    const query = runsQuery(filter, options);
    yield* followRunPages(async (cursor) => {
      abortIfAborted(options?.signal, 'runs.list');
      this.#throwScripted('runs.list');
      const params = new URLSearchParams(query);
      if (cursor !== undefined) params.set('cursor', cursor);
      const parsed = parseRunsQuery(params);
      // runsQuery() has checked the filter, so only a bug could make the fake's parser disagree.
      if (!parsed.ok) throw new Error(`fake runs.list could not read its own query: ${JSON.stringify(parsed.issues)}`);
      const page = this.#lifecycle.page(parsed.value);
      return { runs: page.runs, next_cursor: page.next_cursor };
    });
  }
}
