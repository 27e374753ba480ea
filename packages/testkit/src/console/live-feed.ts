/**
 * What the console's watchers see change: runs created or moved, requests answered, scripted
 * statuses that fall due. The request path only notes what changed (a set insert and a push); at
 * most every {@link FLUSH_MS} the feed builds, for each watcher, the rows its page shows (runs its
 * filter passes, the request log, or "reload" for the one run a run page shows) and sends them as
 * one `batch` event. Rows are rendered once per batch, and only when some page shows them.
 */
import type { ServerResponse } from 'node:http';
import type { JourneyRun } from '@journeykit/core';
import type { FakeCourierRequest } from '../server/fake-courier.js';
import type { FakeInvocation } from '../model/invocation.js';
import type { ConsoleBackend } from './backend.js';
import { countRequest, keyStats, type KeyStats, type RequestJournal } from './request-journal.js';
import type { SseHub } from './sse-hub.js';
import { MAX_ROWS, matches, requestRow, runFilter, runRow, type RunFilter } from './views.js';

/** How long changes gather before a watcher hears of them: fast enough to look live, rare enough to cost little. */
const FLUSH_MS = 100;
/**
 * Most run rows in one batch (the newest): 1,000 a second is more than anyone reads, and a load
 * test at thousands of invokes a second must not pay for rows nobody sees. The batch says how
 * many it left out; a reload shows the newest {@link MAX_ROWS} again.
 */
const MAX_BATCH_ROWS = 100;

/** What a watcher's page shows, from its event stream's query (`view=runs|run|requests|none`). */
export type WatchView = { page: 'runs'; filter: RunFilter } | { page: 'run'; runId: string; key: string } | { page: 'requests' } | { page: 'none' };

export function watchView(query: URLSearchParams): WatchView {
  const page = query.get('view') ?? 'runs';
  if (page === 'run') return { page, runId: query.get('runId') ?? '', key: query.get('key') ?? '' };
  if (page === 'requests' || page === 'none') return { page };
  return { page: 'runs', filter: runFilter(query) };
}

interface ChangedRun {
  runId: string;
  invocation: FakeInvocation | undefined;
}

export class LiveFeed {
  readonly #hub: SseHub<WatchView>;
  readonly #backend: ConsoleBackend;
  readonly #journal: RequestJournal;
  #runs = new Set<string>();
  #requests: FakeCourierRequest[] = [];
  #timer: NodeJS.Timeout | undefined;
  /**
   * Attempts and replays per key, for live rows: built by one scan of the server's requests when a
   * batch first needs it, then counted as batches come (a scan per batch would cost O(requests)).
   * Dropped when nobody watches or on reset, and rebuilt when it outgrows the requests it counts.
   */
  #counts: Map<string, KeyStats> | undefined;
  /** Runs whose scripted status changes next, by the {@link FLUSH_MS} slot it falls in; one timer per slot. */
  readonly #due = new Map<number, { runIds: Set<string>; timer: NodeJS.Timeout }>();

  constructor(hub: SseHub<WatchView>, backend: ConsoleBackend, journal: RequestJournal) {
    this.#hub = hub;
    this.#backend = backend;
    this.#journal = journal;
  }

  /** A request was answered; the caller has checked that someone watches. */
  requestRecorded(request: FakeCourierRequest): void {
    this.#requests.push(request);
    if (request.runId !== undefined && request.endpoint === 'invoke') this.#runs.add(request.runId);
    this.#schedule();
  }

  /** Nobody watches: forget what a batch would have needed. */
  unwatched(): void {
    this.#counts = undefined;
  }

  runChanged(runId: string): void {
    if (this.#hub.size === 0) return;
    this.#runs.add(runId);
    this.#schedule();
  }

  /** A page started watching: the runs it shows get their scripted status changes pushed. */
  watch(res: ServerResponse, view: WatchView): void {
    this.#hub.attach(res, view);
    if (view.page === 'run') this.#watchScript(view.runId);
    else if (view.page === 'runs') {
      const invocations = this.#backend.invocations();
      for (let i = invocations.length - 1; i >= 0 && i >= invocations.length - MAX_ROWS; i--)
        this.#watchScript((invocations[i] as FakeInvocation).runId);
    }
  }

  /** Everything was cleared: every page reloads. */
  reset(): void {
    this.#drop();
    this.#hub.broadcast('reset', '{}');
  }

  close(): void {
    this.#drop();
    this.#hub.close();
  }

  #drop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#runs = new Set();
    this.#requests = [];
    this.#counts = undefined;
    for (const slot of this.#due.values()) clearTimeout(slot.timer);
    this.#due.clear();
  }

  #schedule(): void {
    this.#timer ??= setTimeout(() => this.#flush(), FLUSH_MS);
  }

  #flush(): void {
    this.#timer = undefined;
    const runIds = this.#runs;
    const requests = this.#requests;
    this.#runs = new Set();
    this.#requests = [];
    if (this.#hub.size === 0) {
      this.#counts = undefined;
      return;
    }
    const counts = this.#liveCounts(requests);
    const changed = this.#changedRuns(runIds);
    // Each run is read and rendered at most once per batch, and only when a page shows it.
    const runs = new Map<string, JourneyRun | undefined>();
    const runOf = (runId: string): JourneyRun | undefined => {
      if (!runs.has(runId)) runs.set(runId, this.#backend.run(runId));
      return runs.get(runId);
    };
    const rows = new Map<string, string>();
    const rowOf = (invocation: FakeInvocation): string => {
      let row = rows.get(invocation.runId);
      if (row === undefined) {
        const key = invocation.idempotencyKey;
        row = runRow(invocation, runOf(invocation.runId), key === undefined ? undefined : counts.get(key));
        rows.set(invocation.runId, row);
      }
      return row;
    };
    let requestRows: string[] | undefined;
    for (const [res, view] of this.#hub.watchers()) {
      let data: unknown;
      if (view.page === 'runs' && changed.length > 0) {
        // A run the filter does not pass is sent without a row: the page drops it if it shows it.
        const sent = [];
        let left = MAX_BATCH_ROWS;
        let skipped = 0;
        for (let i = changed.length - 1; i >= 0; i--) {
          const { runId, invocation } = changed[i] as ChangedRun;
          const status = view.filter.status === '' ? '' : (runOf(runId)?.status ?? 'forgotten');
          if (invocation === undefined || !matches(view.filter, invocation, status)) sent.push({ runId });
          else if (left-- > 0) sent.push({ runId, row: rowOf(invocation) });
          else skipped++;
        }
        data = { runs: sent.reverse(), skipped };
      } else if (view.page === 'requests' && requests.length > 0) {
        requestRows ??= requests.slice(-MAX_ROWS).map((r) => requestRow(this.#journal.entry(r)));
        data = { requests: requestRows };
      } else if (view.page === 'run' && (runIds.has(view.runId) || (view.key !== '' && requests.some((r) => r.idempotencyKey === view.key)))) {
        data = { reload: true };
      }
      if (data !== undefined) this.#hub.send(res, 'batch', JSON.stringify(data));
    }
    for (const c of changed) this.#watchScript(c.runId);
  }

  /** The changed runs, oldest first, at most the newest {@link MAX_ROWS}: one backward walk over the runs. */
  #changedRuns(runIds: Set<string>): ChangedRun[] {
    const found: ChangedRun[] = [];
    const left = new Set(runIds);
    const invocations = this.#backend.invocations();
    for (let i = invocations.length - 1; i >= 0 && left.size > 0 && found.length < MAX_ROWS; i--) {
      const invocation = invocations[i] as FakeInvocation;
      if (!left.delete(invocation.runId)) continue;
      found.push({ runId: invocation.runId, invocation });
    }
    // Runs no longer held (cleared, or beyond maxRecords) leave the pages that show them.
    if (found.length < MAX_ROWS) for (const runId of left) found.push({ runId, invocation: undefined });
    return found.reverse();
  }

  #liveCounts(requests: readonly FakeCourierRequest[]): Map<string, KeyStats> {
    const all = this.#backend.requests();
    if (this.#counts === undefined || this.#counts.size > 2 * Math.max(1_000, all.length)) this.#counts = keyStats(all);
    else for (const request of requests) countRequest(this.#counts, request);
    return this.#counts;
  }

  /** Pushes the run again when its scripted status next changes (a timer per {@link FLUSH_MS} slot, only while someone watches). */
  #watchScript(runId: string): void {
    const inMs = this.#backend.nextStatusChangeIn(runId);
    if (inMs === undefined) return;
    const slot = Math.ceil((Date.now() + inMs + 1) / FLUSH_MS) * FLUSH_MS;
    const due = this.#due.get(slot);
    if (due !== undefined) {
      due.runIds.add(runId);
      return;
    }
    const timer = setTimeout(() => {
      const fired = this.#due.get(slot);
      this.#due.delete(slot);
      if (fired === undefined || this.#hub.size === 0) return;
      for (const id of fired.runIds) this.#runs.add(id);
      this.#schedule();
    }, slot - Date.now());
    this.#due.set(slot, { runIds: new Set([runId]), timer });
  }
}
