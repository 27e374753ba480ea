/**
 * The runs a fake created, as Courier reports them: status (from the journey's scripted clock, or
 * pinned by a cancel or a test's command), steps, cancelation tokens. Bounded like the fakes'
 * other records: past `maxRuns` the oldest runs are forgotten (a read then gets 404, as for a run
 * past Courier's retention). Shared by the fake server and the fake client.
 */
import type { JourneyRun, JourneyRunStatus, JourneyRunStep } from '@journeykit/core';
import { FINISHED_RUN_STATUSES } from '@journeykit/core/internal';
import { reachedSteps, type ScheduledStatus } from './run-status-script.js';

interface Pinned {
  status: JourneyRunStatus;
  updatedAt: number;
  steps: JourneyRunStep[];
}

interface StoredRun {
  seq: number;
  runId: string;
  templateId: string;
  createdAt: number;
  token: string | undefined;
  script: ScheduledStatus[];
  /** The message id of each `send` point of the script, by index. */
  messageIds: readonly (string | undefined)[];
  /** Set once a cancel or a test's command decided the status: the script stops applying. */
  pinned: Pinned | undefined;
}

/** A run as the store reads it at one moment. */
interface RunView {
  status: JourneyRunStatus;
  updatedAt: number;
}

/** Filters of a listing, already checked. */
export interface RunFilter {
  templateIds: readonly string[];
  statuses: readonly string[];
  /** Created at or after (ms), inclusive. */
  start: number | undefined;
  /** Created at or before (ms), inclusive. */
  end: number | undefined;
}

/** One page of a listing: the runs (newest first) and where the neighbouring pages start. */
export interface RunPage {
  runs: JourneyRun[];
  /** The oldest run on this page: older runs follow it (undefined when there are none). */
  nextAfterSeq: number | undefined;
  /** The newest run on this page: newer runs precede it (undefined on the first page). */
  prevBeforeSeq: number | undefined;
}

/** Where a page starts: the first page, or older / newer than a run already seen. */
export type PageStart = { from: 'newest' } | { from: 'older-than'; seq: number } | { from: 'newer-than'; seq: number };

const FINISHED = new Set<string>(FINISHED_RUN_STATUSES);
const NO_MESSAGES: readonly (string | undefined)[] = Object.freeze([]);

/** True when a run in `status` changes no more (PROCESSED, CANCELED, ERROR, NOT PROCESSED). */
function isFinished(status: JourneyRunStatus | undefined): boolean {
  return status !== undefined && FINISHED.has(status);
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** What a cancel did. */
export type CancelOutcome =
  | { kind: 'token'; canceled: string[] }
  | { kind: 'run'; status: JourneyRunStatus; canceled: boolean }
  | { kind: 'unknown-run' };

export class RunStore {
  readonly #byId = new Map<string, StoredRun>();
  readonly #byToken = new Map<string, Set<string>>();
  // Oldest first; a V8 array's shift() moves its start, so dropping the oldest is O(1).
  readonly #order: StoredRun[] = [];
  readonly #listeners = new Set<(runId: string) => void>();
  readonly #maxRuns: number;
  readonly #now: () => number;
  #seq = 0;
  /** Runs forgotten to stay within `maxRuns`. */
  dropped = 0;

  constructor(options: { maxRuns: number; now?: () => number }) {
    this.#maxRuns = options.maxRuns;
    this.#now = options.now ?? Date.now;
  }

  /** Runs held right now. */
  get size(): number {
    return this.#order.length;
  }

  /** Records a new run; `newMessageId` names the messages its `send` points will produce. */
  create(
    runId: string,
    templateId: string,
    token: string | undefined,
    script: ScheduledStatus[],
    newMessageId: () => string,
    at = this.#now(),
  ): void {
    const run: StoredRun = {
      seq: ++this.#seq,
      runId,
      templateId,
      createdAt: at,
      token,
      script,
      // Most scripts send nothing: those runs share one empty list instead of allocating their own.
      messageIds: script.some((point) => point.action === 'send')
        ? script.map((point) => (point.action === 'send' ? newMessageId() : undefined))
        : NO_MESSAGES,
      pinned: undefined,
    };
    this.#byId.set(runId, run);
    if (token !== undefined) {
      let ids = this.#byToken.get(token);
      if (ids === undefined) this.#byToken.set(token, (ids = new Set()));
      ids.add(runId);
    }
    this.#order.push(run);
    if (this.#order.length > this.#maxRuns) this.#forget(this.#order.shift() as StoredRun);
  }

  has(runId: string): boolean {
    return this.#byId.has(runId);
  }

  /** The run as Courier's `GET /journeys/runs/{runId}` reports it, or undefined when unknown. */
  get(runId: string, now = this.#now()): JourneyRun | undefined {
    const run = this.#byId.get(runId);
    return run === undefined ? undefined : this.#toWire(run, now);
  }

  /** The run's cancelation token, if its journey built one. */
  tokenOf(runId: string): string | undefined {
    return this.#byId.get(runId)?.token;
  }

  /** The steps reached so far, in order, or undefined when the run is unknown. */
  steps(runId: string, now = this.#now()): JourneyRunStep[] | undefined {
    const run = this.#byId.get(runId);
    if (run === undefined) return undefined;
    if (run.pinned !== undefined) return run.pinned.steps.map((step) => ({ ...step }));
    const reached = reachedSteps(run.script, now - run.createdAt);
    const view = this.#view(run, now);
    const steps: JourneyRunStep[] = [];
    for (let i = 0; i < reached; i++) {
      const point = run.script[i] as ScheduledStatus;
      const last = i === reached - 1;
      const step: JourneyRunStep = {
        action: point.action,
        status: last ? view.status : 'PROCESSED',
        node_id: `node-${i + 1}`,
        created_at: iso(run.createdAt + point.afterMs),
        updated_at: iso(last ? view.updatedAt : run.createdAt + (run.script[i + 1] as ScheduledStatus).afterMs),
      };
      const messageId = run.messageIds[i];
      if (messageId !== undefined) step.message_id = messageId;
      steps.push(step);
    }
    return steps;
  }

  /**
   * Moves a run to `status` now, whatever its script says (the script stops applying). The step in
   * progress takes the status when it is CANCELED or the same as the run's; otherwise a step for the
   * new status is added. Returns false for an unknown run.
   */
  setStatus(runId: string, status: JourneyRunStatus, newMessageId: () => string, now = this.#now()): boolean {
    const run = this.#byId.get(runId);
    if (run === undefined) return false;
    const steps = this.steps(runId, now) as JourneyRunStep[];
    const current = steps[steps.length - 1];
    const at = iso(now);
    if (current !== undefined && (status === 'CANCELED' || status === current.status)) {
      current.status = status;
      current.updated_at = at;
    } else {
      if (current !== undefined && !isFinished(current.status)) {
        current.status = 'PROCESSED';
        current.updated_at = at;
      }
      const action = status === 'WAITING' ? 'delay' : status === 'THROTTLED' ? 'throttle' : 'send';
      const step: JourneyRunStep = { action, status, node_id: `node-${steps.length + 1}`, created_at: at, updated_at: at };
      if (action === 'send') step.message_id = newMessageId();
      steps.push(step);
    }
    run.pinned = { status, updatedAt: now, steps };
    for (const listener of this.#listeners) listener(runId);
    return true;
  }

  /** Cancels every unfinished run that shares `token`; finished ones keep their status. */
  cancelByToken(token: string, newMessageId: () => string, now = this.#now()): CancelOutcome {
    const canceled: string[] = [];
    for (const runId of this.#byToken.get(token) ?? []) {
      const run = this.#byId.get(runId) as StoredRun;
      if (isFinished(this.#view(run, now).status)) continue;
      this.setStatus(runId, 'CANCELED', newMessageId, now);
      canceled.push(runId);
    }
    return { kind: 'token', canceled };
  }

  /** Cancels one run unless it has finished, in which case its status is reported unchanged. */
  cancelById(runId: string, newMessageId: () => string, now = this.#now()): CancelOutcome {
    const run = this.#byId.get(runId);
    if (run === undefined) return { kind: 'unknown-run' };
    const status = this.#view(run, now).status;
    if (isFinished(status)) return { kind: 'run', status, canceled: false };
    this.setStatus(runId, 'CANCELED', newMessageId, now);
    return { kind: 'run', status: 'CANCELED', canceled: true };
  }

  /** How long until the run's scripted status next changes, or undefined when it will not on its own. */
  nextChangeIn(runId: string, now = this.#now()): number | undefined {
    const run = this.#byId.get(runId);
    if (run === undefined || run.pinned !== undefined) return undefined;
    const age = now - run.createdAt;
    const next = run.script[reachedSteps(run.script, age)];
    return next === undefined ? undefined : Math.max(0, next.afterMs - age);
  }

  /** Calls `listener` with the run id whenever a run is moved by a cancel or a command. */
  onChange(listener: (runId: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** One page of matching runs, newest first. */
  page(filter: RunFilter, start: PageStart, limit: number, now = this.#now()): RunPage {
    const matches = (run: StoredRun): boolean =>
      (filter.templateIds.length === 0 || filter.templateIds.includes(run.templateId)) &&
      (filter.start === undefined || run.createdAt >= filter.start) &&
      (filter.end === undefined || run.createdAt <= filter.end) &&
      (filter.statuses.length === 0 || filter.statuses.includes(this.#view(run, now).status));
    const picked: StoredRun[] = [];
    if (start.from === 'newer-than') {
      // Walk up from just after the cursor, oldest first, then show the page newest first.
      for (let i = this.#indexAfter(start.seq); i < this.#order.length && picked.length < limit; i++) {
        const run = this.#order[i] as StoredRun;
        if (matches(run)) picked.unshift(run);
      }
    } else {
      const from = start.from === 'newest' ? this.#order.length - 1 : this.#indexAfter(start.seq - 1) - 1;
      for (let i = from; i >= 0 && picked.length < limit; i--) {
        const run = this.#order[i] as StoredRun;
        if (matches(run)) picked.push(run);
      }
    }
    const newest = picked[0];
    const oldest = picked[picked.length - 1];
    const olderExists = oldest !== undefined && this.#any(0, this.#indexAfter(oldest.seq - 1), matches);
    const newerExists = newest !== undefined && this.#any(this.#indexAfter(newest.seq), this.#order.length, matches);
    return {
      // courier-node JourneyRunListItem: "A Journey run as it appears in a list response, without `updated_at`."
      runs: picked.map((run) => {
        const { updated_at: _, ...item } = this.#toWire(run, now);
        return item;
      }),
      nextAfterSeq: olderExists ? oldest.seq : undefined,
      prevBeforeSeq: newerExists ? newest.seq : undefined,
    };
  }

  clear(): void {
    this.#byId.clear();
    this.#byToken.clear();
    this.#order.length = 0;
    this.dropped = 0;
  }

  /** The index of the first run with a sequence number above `seq` (runs are in sequence order). */
  #indexAfter(seq: number): number {
    let lo = 0;
    let hi = this.#order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#order[mid] as StoredRun).seq <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #any(from: number, to: number, matches: (run: StoredRun) => boolean): boolean {
    for (let i = from; i < to; i++) if (matches(this.#order[i] as StoredRun)) return true;
    return false;
  }

  #view(run: StoredRun, now: number): RunView {
    if (run.pinned !== undefined) return { status: run.pinned.status, updatedAt: run.pinned.updatedAt };
    const point = run.script[reachedSteps(run.script, now - run.createdAt) - 1] as ScheduledStatus;
    return { status: point.status, updatedAt: run.createdAt + point.afterMs };
  }

  #toWire(run: StoredRun, now: number): JourneyRun {
    const view = this.#view(run, now);
    return {
      run_id: run.runId,
      // courier-node JourneyRun.source: "e.g. `invoke/<journey_id>`", diagnostic only.
      source: [`invoke/${run.templateId}`],
      status: view.status,
      template_id: run.templateId,
      created_at: iso(run.createdAt),
      updated_at: iso(view.updatedAt),
    };
  }

  #forget(run: StoredRun): void {
    this.#byId.delete(run.runId);
    if (run.token !== undefined) {
      const ids = this.#byToken.get(run.token);
      ids?.delete(run.runId);
      if (ids?.size === 0) this.#byToken.delete(run.token);
    }
    this.dropped++;
  }
}
