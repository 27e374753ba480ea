import type { JourneyDefinitionReads } from './journey-definitions.js';

/**
 * The journey lifecycle after the invoke: cancel, and the run-status reads. Field names are
 * Courier's wire names, as for the invoke body, so a value can be logged or compared with
 * Courier's dashboard without translation.
 */
/**
 * A run's status. Courier documents seven values and says the list is not an enum: new values
 * may appear, so any other string is accepted too (and autocomplete still offers the known ones).
 */
export type JourneyRunStatus =
  | 'PROCESSING'
  | 'PROCESSED'
  | 'WAITING'
  | 'CANCELED'
  | 'ERROR'
  | 'THROTTLED'
  | 'NOT PROCESSED'
  // `string & {}` rather than `string`: a plain `string` would swallow the literals, and autocomplete with them.
  | (string & {});

/** A step's status: every run status, plus `SKIPPED` and `COMPUTING`. */
export type JourneyRunStepStatus = JourneyRunStatus | 'SKIPPED' | 'COMPUTING';

/**
 * The statuses after which a run changes no more; `runs.waitFor` waits for one of these unless
 * told otherwise.
 */
export const FINISHED_RUN_STATUSES: readonly JourneyRunStatus[] = Object.freeze(['PROCESSED', 'CANCELED', 'ERROR', 'NOT PROCESSED']);

/** One run of a journey, as `GET /journeys/runs/{runId}` reports it. */
export interface JourneyRun {
  /** The run's id, as `invoke()` returned it. */
  run_id: string;
  /** What started the run, e.g. `["invoke/welcome"]`: diagnostic only, its format is not stable (Courier). */
  source: string[];
  /** Where the run is; see {@link JourneyRunStatus}. */
  status?: JourneyRunStatus;
  /** The journey's template ID. */
  template_id?: string;
  /** When the run started (ISO 8601). */
  created_at?: string;
  /** When the run last changed (ISO 8601). */
  updated_at?: string;
}

/** One executed node of a run. */
export interface JourneyRunStep {
  /** The kind of node that ran: `send`, `delay`, `exit`, ... */
  action: string;
  /** The step's state. */
  status: JourneyRunStepStatus;
  /** The node's id in the published journey. */
  node_id?: string;
  /** The message a `send` step produced: look it up in Courier's message logs. */
  message_id?: string;
  /** When the step started (ISO 8601). */
  created_at?: string;
  /** When the step last changed (ISO 8601). */
  updated_at?: string;
}

/** What `cancel()` stops: every run that shares a cancelation token, or one run by id. */
export type CancelRequest = { run_id: string; cancelation_token?: never } | { cancelation_token: string; run_id?: never };

/** Courier's answer to a cancel by token: the token; every run that shared it is canceled (which may be none). */
export interface CanceledByToken {
  /** The token that was canceled. */
  cancelation_token: string;
}

/** Courier's answer to a cancel by run id: the run's status afterwards. */
export interface CanceledRun {
  /** The run. */
  run_id: string;
  /** `CANCELED`, or the finished status it already had (`PROCESSED`, `ERROR`), which the cancel left unchanged. */
  status: JourneyRunStatus;
}

/** Courier's answer to a cancel, either kind. */
export type CancelResult = CanceledByToken | CanceledRun;

/**
 * The answer to the cancel `R`: a cancel by `run_id` gets {@link CanceledRun}, one by token
 * {@link CanceledByToken}, so `const { status } = await client.cancel({ run_id })` needs no narrowing.
 */
export type CancelResultOf<R extends CancelRequest> = R extends { run_id: string }
  ? CanceledRun
  : R extends { cancelation_token: string }
    ? CanceledByToken
    : CancelResult;

/** Filters of `runs.list`, as Courier's `GET /journeys/runs` takes them. */
export interface JourneyRunsFilter {
  /** Only runs of these journeys. */
  template_id?: string[];
  /** Only runs in these statuses. */
  status?: JourneyRunStatus[];
  /** Runs created at or after this time (inclusive): a `Date`, or an ISO 8601 date or timestamp; a date means its whole day in UTC. */
  start_date?: Date | string;
  /** Runs created at or before this time (inclusive): a `Date`, or an ISO 8601 date or timestamp; a date means its whole day in UTC. */
  end_date?: Date | string;
  /** Page size, 1 to 50 (Courier's limit). The iterator follows `next_cursor` regardless. */
  limit?: number;
}

/** Options of `runs.waitFor`. */
export interface WaitForRunOptions {
  /** Stop when the run reaches one of these. Default {@link FINISHED_RUN_STATUSES}. */
  until?: readonly JourneyRunStatus[];
  /** Give up after this long, in ms. Default 60 000. */
  timeoutMs?: number;
  /** First wait between polls, in ms; it grows by half each poll, up to 10 s. Default 500. */
  pollIntervalMs?: number;
  /** Stops waiting. */
  signal?: AbortSignal;
}

/**
 * The options every call takes (run reads as they are; `cancel()` and `invoke()` add their
 * idempotency key): declared once, here.
 *
 * @example
 * ```ts
 * const run = await client.runs.get(runId, { timeoutMs: 5_000, maxRetries: 0, signal: AbortSignal.timeout(10_000) });
 * ```
 */
export interface LifecycleCallOptions {
  /** Aborts the attempt in flight and any backoff wait; an abort is never retried. */
  signal?: AbortSignal;
  /**
   * Per-attempt limit in milliseconds, from when the attempt is sent (time waiting for a free
   * connection is not counted); covers the whole response, body included.
   */
  timeoutMs?: number;
  /** Retries after the first attempt (0 disables retrying). */
  maxRetries?: number;
}

/** Options of `cancel()`: those of every call, plus the idempotency key its retries reuse. */
export interface CancelOptions extends LifecycleCallOptions {
  /** Sent as `Idempotency-Key`. Default: a fresh `journeykit-<uuid>` per call, the same on every retry. */
  idempotencyKey?: string;
}

/**
 * The run-status reads, as `client.runs`, `req.journeys.runs` and `JourneysService.runs`.
 *
 * @example
 * ```ts
 * const run = await client.runs.waitFor(runId, { timeoutMs: 30_000 });
 * if (run.status === 'ERROR') console.warn(await client.runs.steps(runId));
 * ```
 */
export interface JourneyRuns {
  /** One run. Rejects with `JourneysRunNotFoundError` for an unknown run (or one past Courier's 95-day retention). */
  get(runId: string, options?: LifecycleCallOptions): Promise<JourneyRun>;
  /** Every step of a run, in order (Courier does not page them). */
  steps(runId: string, options?: LifecycleCallOptions): Promise<JourneyRunStep[]>;
  /** Runs that match the filter, newest first, following `next_cursor` page by page as the loop asks for more. */
  list(filter?: JourneyRunsFilter, options?: LifecycleCallOptions): AsyncIterable<JourneyRun>;
  /**
   * Polls the run (with growing waits, honouring 429 and `Retry-After`) until its status is one of `until`.
   * A legacy run stored without a status (Courier says a few are) is returned at once, `status` undefined.
   */
  waitFor(runId: string, options?: WaitForRunOptions): Promise<JourneyRun>;
}

/**
 * Everything after the invoke, and the journeys' definitions: implemented by `JourneysClient`, `FakeJourneysClient`,
 * `req.journeys` and `JourneysService`.
 *
 * @example
 * ```ts
 * async function onOrderCancelled(journeys: JourneysLifecycle, orderId: string) {
 *   await journeys.cancel({ cancelation_token: `order-${orderId}` });
 * }
 * ```
 */
export interface JourneysLifecycle {
  /** Cancels the runs that share a cancelation token, or one run by id. */
  cancel<R extends CancelRequest>(request: R, options?: CancelOptions): Promise<CancelResultOf<R>>;
  /** Run status and steps. */
  readonly runs: JourneyRuns;
  /** The journeys' definitions: list, get (with nodes), versions. */
  readonly journeys: JourneyDefinitionReads;
}
