/**
 * Everything after the invoke, for both fakes: a new run gets its journey's cancelation token and
 * status script; cancels are applied and recorded; runs are read and listed. The fake server puts
 * HTTP around it, the fake client a promise API, so both answer the same way.
 */
import {
  JourneysConfigurationError,
  type CancelRequest,
  type CancelResult,
  type InvokeRequest,
  type JourneyRun,
  type JourneyRunStatus,
  type JourneyRunStep,
} from '@journeykit/core';
import type { IdSource } from './ids.js';
import type { JourneySettings } from './journey-settings.js';
import type { ScheduledStatus } from './run-status-script.js';
import { pageCursors, type RunsQuery } from './lifecycle-input.js';
import { RecentItems } from './recent-items.js';
import { RunStore } from './run-store.js';

/** One cancel a fake accepted (not replays, not rejected requests). */
export interface FakeCancellation {
  /** What was asked: `{ run_id }` or `{ cancelation_token }`. */
  request: CancelRequest;
  /** What the fake answered. */
  result: CancelResult;
  /** The runs this cancel moved to CANCELED (none when they had finished, or none shared the token). */
  canceledRunIds: string[];
  /** The `Idempotency-Key` it carried, if any. */
  idempotencyKey: string | undefined;
  /** When it was accepted. */
  at: Date;
}

/** A page of `GET /journeys/runs`, as Courier shapes it. */
export interface RunsPageBody {
  runs: JourneyRun[];
  next_cursor?: string;
  prev_cursor?: string;
}

/** A run stopped by its trigger: ERROR from the start, one `trigger` step. */
const FAILED_TRIGGER: ScheduledStatus[] = [{ status: 'ERROR', afterMs: 0, action: 'trigger' }];

export class RunLifecycle {
  readonly store: RunStore;
  readonly #cancellations: RecentItems<FakeCancellation>;
  readonly #settings: JourneySettings;
  readonly #ids: () => IdSource;

  /** Where the fake reads the time (its `clock` option, or `Date.now`). */
  readonly now: () => number;

  /** `ids` is read on each use, so a fake that restarts its id source on reset() is followed. */
  constructor(settings: JourneySettings, maxRecords: number, ids: () => IdSource, now: () => number = Date.now) {
    this.now = now;
    this.#settings = settings;
    this.#ids = ids;
    this.store = new RunStore({ maxRuns: maxRecords, now });
    this.#cancellations = new RecentItems(maxRecords);
  }

  get cancellations(): readonly FakeCancellation[] {
    return this.#cancellations.items;
  }

  get settings(): JourneySettings {
    return this.#settings;
  }

  /**
   * Records the run an invoke created; returns its token and, when the rule failed, why. A run whose
   * `data` failed the trigger schema (`failedTrigger`) ends at once in ERROR at its trigger step, as in Courier.
   */
  startRun(
    templateId: string,
    request: InvokeRequest,
    runId: string,
    at: Date,
    failedTrigger = false,
  ): { token: string | undefined; tokenError: string | undefined } {
    const { token, error } = this.#settings.tokenFor(templateId, request);
    const script = failedTrigger ? FAILED_TRIGGER : this.#settings.statusesFor(templateId);
    this.store.create(runId, templateId, token, script, this.#messageId, at.getTime());
    return { token, tokenError: error };
  }

  /** Applies a checked cancel; undefined when it names a run the fake does not know. */
  cancel(request: CancelRequest, idempotencyKey: string | undefined, at: Date = new Date(this.now())): FakeCancellation | undefined {
    const now = at.getTime();
    let result: CancelResult;
    let canceledRunIds: string[];
    if (request.run_id !== undefined) {
      const outcome = this.store.cancelById(request.run_id, this.#messageId, now);
      if (outcome.kind !== 'run') return undefined;
      result = { run_id: request.run_id, status: outcome.status };
      canceledRunIds = outcome.canceled ? [request.run_id] : [];
    } else {
      const token = request.cancelation_token;
      const outcome = this.store.cancelByToken(token, this.#messageId, now);
      result = { cancelation_token: token };
      canceledRunIds = outcome.kind === 'token' ? outcome.canceled : [];
    }
    const cancellation: FakeCancellation = { request: { ...request }, result, canceledRunIds, idempotencyKey, at };
    this.#cancellations.push(cancellation);
    return cancellation;
  }

  get(runId: string): JourneyRun | undefined {
    return this.store.get(runId);
  }

  steps(runId: string): JourneyRunStep[] | undefined {
    return this.store.steps(runId);
  }

  /** One page of `runs.list`, with Courier's cursors. */
  page(query: RunsQuery): RunsPageBody {
    const page = this.store.page(query.filter, query.start, query.limit);
    return { runs: page.runs, ...pageCursors(query, page.nextAfterSeq, page.prevBeforeSeq) };
  }

  /** Moves a run to any status now (the scripted clock stops for it). Throws for an unknown run. */
  setRunStatus(runId: string, status: JourneyRunStatus): JourneyRun {
    if (typeof status !== 'string' || status === '')
      throw new JourneysConfigurationError(`setRunStatus() needs a status such as 'PROCESSED', got ${String(status)}`);
    if (!this.store.setStatus(runId, status, this.#messageId)) {
      throw new JourneysConfigurationError(
        `setRunStatus(): no run ${JSON.stringify(runId)} in this fake (it was never created, or was forgotten past maxRecords)`,
      );
    }
    return this.store.get(runId) as JourneyRun;
  }

  clear(): void {
    this.store.clear();
    this.#cancellations.clear();
  }

  readonly #messageId = (): string => this.#ids().runId();
}
