/**
 * Checks of what the lifecycle endpoints take, as Courier checks them: the cancel body, the
 * `GET /journeys/runs` query and cursor, a run id. The fake server answers the problems with 400;
 * the fake client reads the query core's `runsQuery` builds with the same parser.
 */
import type { CancelRequest, ValidationIssue } from '@journeykit/core';
import { isoTimeSpan } from '@journeykit/core/internal';
import type { PageStart, RunFilter } from './run-store.js';

/** Courier's largest page of `GET /journeys/runs`. */
const MAX_RUNS_PAGE = 50;
/** Page size when the request names none. */
const DEFAULT_RUNS_PAGE = 20;

/** A checked listing request: the filters, where the page starts, its size. */
export interface RunsQuery {
  filter: RunFilter;
  start: PageStart;
  limit: number;
}

type Checked<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

const describe = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);

/** A run id in a path or a body: a non-empty string. */
function runIdIssues(runId: unknown, path: string): ValidationIssue[] {
  if (typeof runId === 'string' && runId !== '') return [];
  return [
    {
      path: [path],
      message: `must be a non-empty string (the runId invoke() returned), got ${typeof runId === 'string' ? 'an empty string' : describe(runId)}`,
    },
  ];
}

/**
 * `POST /journeys/cancel`: exactly one of `run_id` and `cancelation_token` (courier-node
 * CancelJourneyRequest: "Provide EXACTLY ONE of"), a non-empty string. Other fields are ignored:
 * Courier names no rule against them.
 */
export function checkCancelRequest(body: unknown): Checked<CancelRequest> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, issues: [{ path: [], message: `must be an object with run_id or cancelation_token, got ${describe(body)}` }] };
  }
  const fields = body as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  const hasRun = fields.run_id !== undefined;
  const hasToken = fields.cancelation_token !== undefined;
  if (hasRun === hasToken) {
    issues.push({ path: [], message: hasRun ? 'give run_id or cancelation_token, not both' : 'give run_id or cancelation_token' });
  } else if (hasRun) {
    issues.push(...runIdIssues(fields.run_id, 'run_id'));
  } else if (typeof fields.cancelation_token !== 'string' || fields.cancelation_token === '') {
    issues.push({
      path: ['cancelation_token'],
      message: `must be a non-empty string, got ${fields.cancelation_token === '' ? 'an empty string' : describe(fields.cancelation_token)}`,
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: hasRun ? { run_id: fields.run_id as string } : { cancelation_token: fields.cancelation_token as string } };
}

function listOf(values: readonly string[]): string[] {
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/**
 * A date bound (courier-node runs.ts: "an ISO 8601 date or timestamp ... Any other format returns
 * `400`"). Both bounds are inclusive; a date-only bound covers its whole day in UTC.
 */
function parseDate(value: string, path: 'start_date' | 'end_date', issues: ValidationIssue[]): number | undefined {
  const span = isoTimeSpan(value);
  if (span === undefined) {
    issues.push({
      path: [path],
      message: `must be an ISO 8601 date or timestamp, e.g. 2026-08-18 or 2026-08-18T20:06:36.259Z, got ${JSON.stringify(value)}`,
    });
    return undefined;
  }
  return path === 'start_date' ? span.from : span.to;
}

/** courier-node runs.ts: "Values outside the range are clamped, and a non-numeric value falls back to `20`." */
function parseLimit(value: string): number {
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(n)) return DEFAULT_RUNS_PAGE;
  return Math.min(MAX_RUNS_PAGE, Math.max(1, Math.trunc(n)));
}

// A cursor carries its filters, so a page is never cut by other filters than its neighbours.
interface CursorState {
  d: 'older' | 'newer';
  s: number;
  l: number;
  t: string[];
  st: string[];
  a: number | null;
  b: number | null;
}

function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): CursorState | undefined {
  try {
    const s = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorState;
    const ok =
      (s.d === 'older' || s.d === 'newer') &&
      Number.isSafeInteger(s.s) &&
      Number.isInteger(s.l) &&
      s.l >= 1 &&
      s.l <= MAX_RUNS_PAGE &&
      Array.isArray(s.t) &&
      Array.isArray(s.st) &&
      (s.a === null || typeof s.a === 'number') &&
      (s.b === null || typeof s.b === 'number');
    return ok ? s : undefined;
  } catch {
    return undefined;
  }
}

function sameFilter(a: RunFilter, b: RunFilter): boolean {
  return (
    a.templateIds.join('\n') === b.templateIds.join('\n') && a.statuses.join('\n') === b.statuses.join('\n') && a.start === b.start && a.end === b.end
  );
}

/** The cursors that lead to the pages older and newer than one page. */
export function pageCursors(
  query: RunsQuery,
  nextAfterSeq: number | undefined,
  prevBeforeSeq: number | undefined,
): { next_cursor?: string; prev_cursor?: string } {
  const base = {
    l: query.limit,
    t: [...query.filter.templateIds],
    st: [...query.filter.statuses],
    a: query.filter.start ?? null,
    b: query.filter.end ?? null,
  };
  const out: { next_cursor?: string; prev_cursor?: string } = {};
  if (nextAfterSeq !== undefined) out.next_cursor = encodeCursor({ d: 'older', s: nextAfterSeq, ...base });
  if (prevBeforeSeq !== undefined) out.prev_cursor = encodeCursor({ d: 'newer', s: prevBeforeSeq, ...base });
  return out;
}

/**
 * `GET /journeys/runs?template_id=a,b&status=PROCESSED&start_date=&end_date=&limit=&cursor=`.
 * With a cursor, the filters travel in it: filters sent beside it must be the same ones.
 */
export function parseRunsQuery(params: URLSearchParams): Checked<RunsQuery> {
  // A parameter Courier does not document is ignored, as Courier names no rule against it.
  const issues: ValidationIssue[] = [];
  // An empty value (`start_date=`) is no value, as a form or a template URL leaves it.
  const single = (name: string): string | undefined => {
    const all = params.getAll(name).filter((v) => v !== '');
    if (all.length > 1) issues.push({ path: [name], message: 'was given more than once' });
    return all[0];
  };
  const startText = single('start_date');
  const endText = single('end_date');
  const limitText = single('limit');
  const cursor = single('cursor');
  const filter: RunFilter = {
    templateIds: listOf(params.getAll('template_id')),
    statuses: listOf(params.getAll('status')),
    start: startText === undefined ? undefined : parseDate(startText, 'start_date', issues),
    end: endText === undefined ? undefined : parseDate(endText, 'end_date', issues),
  };
  const limit = limitText === undefined ? undefined : parseLimit(limitText);
  if (issues.length > 0) return { ok: false, issues };
  if (cursor === undefined) return { ok: true, value: { filter, start: { from: 'newest' }, limit: limit ?? DEFAULT_RUNS_PAGE } };

  const state = decodeCursor(cursor);
  if (state === undefined)
    return { ok: false, issues: [{ path: ['cursor'], message: 'is not a cursor this API gave out; pass next_cursor or prev_cursor as received' }] };
  const carried: RunFilter = { templateIds: state.t, statuses: state.st, start: state.a ?? undefined, end: state.b ?? undefined };
  const filtersSent = filter.templateIds.length > 0 || filter.statuses.length > 0 || startText !== undefined || endText !== undefined;
  if (filtersSent && !sameFilter(filter, carried)) {
    return { ok: false, issues: [{ path: ['cursor'], message: 'was made for other filters; send the cursor with the same filters, or with none' }] };
  }
  const start: PageStart = state.d === 'older' ? { from: 'older-than', seq: state.s } : { from: 'newer-than', seq: state.s };
  return { ok: true, value: { filter: carried, start, limit: limit ?? state.l } };
}
