/**
 * The lifecycle half of `FakeJourneysClient`: `cancel` and `runs.*` as promises over the run store
 * the fake server uses too, with the real client's validation and error classes (a bad argument
 * is a `JourneysValidationError`, an unknown run a `JourneysRunNotFoundError`, an abort a
 * `JourneysAbortError`), Courier's idempotency for cancels, and scriptable failures.
 */
import {
  JourneysAbortError,
  JourneysRunNotFoundError,
  JourneysValidationError,
  isJourneysError,
  type CancelOptions,
  type CancelRequest,
  type CancelResult,
  type JourneyRun,
  type JourneyRuns,
  type JourneyRunStep,
  type JourneyRunsFilter,
  type JourneysError,
  type JourneysLifecycle,
  type LifecycleCallOptions,
  type ValidationIssue,
  type WaitForRunOptions,
} from '@journeykit/core';
import { collectOptionIssues } from '@journeykit/core/internal';
import { checkCancelRequest, checkRunsFilter, runIdIssues } from './lifecycle-input.js';
import type { PageStart, RunFilter } from './run-store.js';
import type { RunLifecycle } from './run-lifecycle.js';
import { checkWaitOptions, waitForRun } from './wait-for-run.js';

/** The lifecycle calls a test can make fail: `fake.rejectNext('cancel', error)`. */
export type FakeLifecycleCall = 'cancel' | 'runs.get' | 'runs.steps' | 'runs.list' | 'runs.waitFor';
const CALLS: readonly FakeLifecycleCall[] = ['cancel', 'runs.get', 'runs.steps', 'runs.list', 'runs.waitFor'];

function optionIssues(options: LifecycleCallOptions | CancelOptions | undefined): ValidationIssue[] {
  if (options === undefined) return [];
  if (options === null || typeof options !== 'object') return [{ path: ['options'], message: 'must be an object' }];
  const { signal, timeoutMs, maxRetries } = options;
  const key = (options as CancelOptions).idempotencyKey;
  return collectOptionIssues({ signal, timeoutMs, maxRetries, idempotencyKey: key });
}

function notFound(runId: string): JourneysRunNotFoundError {
  const message = `Run "${runId}" not found: it does not exist or is past its retention`;
  return new JourneysRunNotFoundError(runId, message, { message, type: 'invalid_request_error' });
}

/** Checks the arguments of a call; throws what the real client would, before anything happens. */
function precheck(issues: ValidationIssue[], signal: AbortSignal | undefined): void {
  if (issues.length > 0) throw new JourneysValidationError(issues);
  if (signal?.aborted) throw new JourneysAbortError({ cause: signal.reason });
}

export class FakeLifecycleCalls implements JourneysLifecycle {
  readonly runs: JourneyRuns;
  readonly #lifecycle: RunLifecycle;
  readonly #failures = new Map<FakeLifecycleCall, (() => JourneysError)[]>();
  // Courier replays the first answer for a key; the fake keeps each key's answer (result or error).
  readonly #cancelsByKey = new Map<string, { result: CancelResult } | { error: JourneysError }>();

  constructor(lifecycle: RunLifecycle) {
    this.#lifecycle = lifecycle;
    this.cancel = this.cancel.bind(this);
    this.runs = Object.freeze({
      get: (runId: string, options?: LifecycleCallOptions) => this.#settle(() => this.#get(runId, options)),
      steps: (runId: string, options?: LifecycleCallOptions) => this.#settle(() => this.#steps(runId, options)),
      list: (filter?: JourneyRunsFilter, options?: LifecycleCallOptions) => this.#list(filter, options),
      waitFor: (runId: string, options?: WaitForRunOptions) => this.#waitFor(runId, options),
    });
  }

  cancel(request: CancelRequest, options?: CancelOptions): Promise<CancelResult> {
    try {
      const checked = checkCancelRequest(request);
      precheck([...(checked.ok ? [] : checked.issues.map((i) => ({ ...i, path: ['request', ...i.path] }))), ...optionIssues(options)], options?.signal);
      const key = options?.idempotencyKey;
      const stored = key === undefined ? undefined : this.#cancelsByKey.get(key);
      if (stored !== undefined) return 'result' in stored ? Promise.resolve({ ...stored.result }) : Promise.reject(stored.error);
      const failure = this.#takeFailure('cancel');
      // A scripted failure stands for one in front of Courier (like a 503 from a proxy): not stored, so a retry runs afresh.
      if (failure !== undefined) return Promise.reject(failure);
      const value = (checked as { ok: true; value: CancelRequest }).value;
      const cancellation = this.#lifecycle.cancel(value, key);
      if (cancellation === undefined) {
        const error = notFound(value.run_id as string);
        if (key !== undefined) this.#cancelsByKey.set(key, { error });
        return Promise.reject(error);
      }
      if (key !== undefined) this.#cancelsByKey.set(key, { result: cancellation.result });
      return Promise.resolve({ ...cancellation.result });
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** The next `call` (after earlier scripted ones) rejects with `error`; then calls behave again. */
  rejectNext(call: FakeLifecycleCall, error: JourneysError | (() => JourneysError)): void {
    if (!CALLS.includes(call)) throw new TypeError(`rejectNext(): call must be one of ${CALLS.join(', ')}, got ${JSON.stringify(call)}`);
    const make = typeof error === 'function' ? error : () => error;
    if (typeof error !== 'function' && !isJourneysError(error)) {
      throw new TypeError('rejectNext() takes a JourneysError (e.g. new JourneysApiError(message, 503, body)), so your code sees what JourneysClient throws');
    }
    const queue = this.#failures.get(call) ?? [];
    queue.push(make);
    this.#failures.set(call, queue);
  }

  clear(): void {
    this.#failures.clear();
    this.#cancelsByKey.clear();
  }

  #takeFailure(call: FakeLifecycleCall): JourneysError | undefined {
    return this.#failures.get(call)?.shift()?.();
  }

  /** A synchronous read as a promise: what it throws becomes the rejection. */
  #settle<T>(run: () => T): Promise<T> {
    try {
      return Promise.resolve(run());
    } catch (err) {
      return Promise.reject(err);
    }
  }

  #get(runId: string, options: LifecycleCallOptions | undefined): JourneyRun {
    precheck([...runIdIssues(runId, 'runId'), ...optionIssues(options)], options?.signal);
    const failure = this.#takeFailure('runs.get');
    if (failure !== undefined) throw failure;
    const run = this.#lifecycle.get(runId);
    if (run === undefined) throw notFound(runId);
    return run;
  }

  #steps(runId: string, options: LifecycleCallOptions | undefined): JourneyRunStep[] {
    precheck([...runIdIssues(runId, 'runId'), ...optionIssues(options)], options?.signal);
    const failure = this.#takeFailure('runs.steps');
    if (failure !== undefined) throw failure;
    const steps = this.#lifecycle.steps(runId);
    if (steps === undefined) throw notFound(runId);
    return steps;
  }

  /** Pages through the store as the real client pages through `next_cursor`: one page per step of the loop. */
  async *#list(filter: JourneyRunsFilter | undefined, options: LifecycleCallOptions | undefined): AsyncGenerator<JourneyRun, void, undefined> {
    const checked = checkRunsFilter(filter);
    precheck([...(checked.ok ? [] : checked.issues.map((i) => ({ ...i, path: ['filter', ...i.path] }))), ...optionIssues(options)], options?.signal);
    const { filter: runFilter, limit } = (checked as { ok: true; value: { filter: RunFilter; limit: number } }).value;
    let start: PageStart = { from: 'newest' };
    for (;;) {
      if (options?.signal?.aborted) throw new JourneysAbortError({ cause: options.signal.reason });
      const failure = this.#takeFailure('runs.list');
      if (failure !== undefined) throw failure;
      const page = this.#lifecycle.store.page(runFilter, start, limit);
      yield* page.runs;
      if (page.nextAfterSeq === undefined) return;
      start = { from: 'older-than', seq: page.nextAfterSeq };
    }
  }

  async #waitFor(runId: string, options: WaitForRunOptions | undefined): Promise<JourneyRun> {
    const idIssues = runIdIssues(runId, 'runId');
    if (idIssues.length > 0) throw new JourneysValidationError(idIssues);
    const checked = checkWaitOptions(options);
    const failure = this.#takeFailure('runs.waitFor');
    if (failure !== undefined) throw failure;
    const read = (): JourneyRun => {
      const run = this.#lifecycle.get(runId);
      if (run === undefined) throw notFound(runId);
      return run;
    };
    return waitForRun(this.#lifecycle.store, runId, read, checked);
  }
}
