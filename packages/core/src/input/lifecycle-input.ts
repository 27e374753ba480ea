/**
 * Checks the input of the lifecycle calls (cancel, run reads) before anything is sent, by the same
 * rules as an invoke: every problem at once, with its path, in a `JourneysValidationError`.
 */
import { optionIssues, type CallOptions } from './call-options.js';
import { describeValue } from '../shared/describe-value.js';
import { IssueList, throwIssues } from '../errors/issue-list.js';
import type { JourneyRunsFilter, WaitForRunOptions } from '../contract/journey-runs.js';
import type { JourneyGetQuery, JourneyListQuery } from '../contract/journey-definitions.js';
import { isPlainObject } from './json-values.js';
import { CONTROL_CHARACTERS } from '../shared/control-characters.js';
import { DELAY_RULE, acceptsNumber, expectedNumber } from './option-rules.js';

const FILTER_FIELDS = ['template_id', 'status', 'start_date', 'end_date', 'limit'];
const WAIT_OPTIONS = ['until', 'timeoutMs', 'pollIntervalMs', 'signal'];
/** Courier's page-size limit for `GET /journeys/runs`. */
export const MAX_RUNS_PAGE_SIZE = 50;

function idIssues(value: unknown, path: (string | number)[], what: string, issues: IssueList): void {
  if (typeof value !== 'string') issues.add(path, `must be a string (${what}), got ${describeValue(value)}`);
  else if (value === '') issues.add(path, 'must not be empty');
  // In a path, "." and ".." are dot segments: a proxy that normalises them would send the key elsewhere.
  else if (value === '.' || value === '..') issues.add(path, `"${value}" is not an id: it would change which endpoint is called`);
  else if (CONTROL_CHARACTERS.test(value)) issues.add(path, 'must not contain control characters (CR, LF, NUL, ...)');
  else if (value.length > 1024) issues.add(path, `must be at most 1024 characters, got ${value.length}`);
}

/** The run id of a run read, checked. */
export function checkRunId(runId: unknown, options: CallOptions | undefined, call: string): string {
  const issues = new IssueList();
  idIssues(runId, ['runId'], 'the run id invoke() returned', issues);
  optionIssues(options, issues);
  if (issues.count > 0) throwIssues(issues, { call });
  return runId as string;
}

/** The body of `POST /journeys/cancel`: exactly one of `run_id` and `cancelation_token`. */
export function cancelBody(request: unknown, options: CallOptions | undefined): { body: string; runId: string | undefined } {
  const issues = new IssueList();
  optionIssues(options, issues);
  if (!isPlainObject(request)) {
    issues.add([], `the cancel request must be { run_id } or { cancelation_token }, got ${describeValue(request)}`);
    throwIssues(issues, { call: 'cancel' });
  }
  const { run_id: runId, cancelation_token: token } = request;
  for (const key of Object.keys(request)) {
    if (key !== 'run_id' && key !== 'cancelation_token') {
      issues.add(
        [key],
        `unknown field; a cancel has run_id or cancelation_token${key === 'runId' ? ' (did you mean run_id?)' : key === 'cancellation_token' ? ' (Courier spells it cancelation_token)' : ''}`,
      );
    }
  }
  if (runId !== undefined && token !== undefined) issues.add([], 'give run_id or cancelation_token, not both');
  else if (runId === undefined && token === undefined) issues.add([], 'give run_id (one run) or cancelation_token (every run that shares it)');
  else if (runId !== undefined) idIssues(runId, ['run_id'], 'the run id invoke() returned', issues);
  else idIssues(token, ['cancelation_token'], "the token the journey's cancelation expression produced", issues);
  if (issues.count > 0) throwIssues(issues, { call: 'cancel' });
  const body = runId !== undefined ? { run_id: runId } : { cancelation_token: token };
  return { body: JSON.stringify(body), runId: runId as string | undefined };
}

// Courier's runs.list reads "an ISO 8601 date or timestamp (e.g. `2026-08-18` or `2026-08-18T20:06:36.259Z`)".
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const DAY_MS = 86_400_000;

/**
 * The span of time an ISO 8601 date or timestamp names, in epoch ms: a date is its whole day in UTC,
 * a timestamp one instant (read as UTC when it has no offset). Undefined for any other text, and for
 * dates that do not exist (`2026-02-31`).
 *
 * @example
 * ```ts
 * isoTimeSpan('2026-08-18'); // { from: 1787011200000, to: 1787097599999 }
 * isoTimeSpan('Aug 18 2026'); // undefined
 * ```
 */
export function isoTimeSpan(value: string): { from: number; to: number } | undefined {
  const m = ISO_8601.exec(value);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, sec] = m;
  const day = Date.UTC(Number(y), Number(mo) - 1, Number(d));
  // Date.UTC rolls 2026-02-31 over to March: a date that does not round-trip does not exist.
  if (!Number.isFinite(day) || new Date(day).toISOString().slice(0, 10) !== value.slice(0, 10)) return undefined;
  if (h === undefined) return { from: day, to: day + DAY_MS - 1 };
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec ?? 0) > 59) return undefined;
  const at = Date.parse(m[7] === undefined ? `${value}Z` : value);
  return Number.isFinite(at) ? { from: at, to: at } : undefined;
}

/**
 * A bound as the full ISO timestamp core promises it means: Courier does not document how it reads a
 * date-only bound, so `2026-08-18` goes out as the start or the end of that UTC day, and a timestamp
 * without offset as UTC.
 */
function dateIssues(value: unknown, field: 'start_date' | 'end_date', issues: IssueList): string | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date) {
    if (Number.isFinite(value.getTime())) return value.toISOString();
    issues.add(['filter', field], 'must be a valid Date, got an invalid Date');
    return undefined;
  }
  const span = typeof value === 'string' ? isoTimeSpan(value) : undefined;
  if (span !== undefined) return new Date(field === 'start_date' ? span.from : span.to).toISOString();
  // Courier answers 400 to any other format; a string Date.parse reads (`Aug 18 2026`) is refused here, before sending.
  const got = typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value) : describeValue(value);
  issues.add(
    ['filter', field],
    `must be a Date or an ISO 8601 string, a date or a timestamp like 2026-08-18 or 2026-08-18T20:06:36.259Z, got ${got}`,
  );
  return undefined;
}

function listIssues(value: unknown, field: string, issues: IssueList): string | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    issues.add(['filter', field], `must be a non-empty array of strings, got ${describeValue(value)}`);
    return undefined;
  }
  value.forEach((item, i) => {
    idIssues(item, ['filter', field, i], field === 'status' ? 'a run status' : 'a journey template ID', issues);
    // Courier takes the list comma-separated: a comma inside one value would split it in two.
    if (typeof item === 'string' && item.includes(','))
      issues.add(['filter', field, i], 'must not contain a comma (the list is sent comma-separated)');
  });
  return value.join(',');
}

/** The query of `journeys.list`, checked: `version=published|draft`, or nothing. */
export function journeysListQuery(query: JourneyListQuery | undefined, options: CallOptions | undefined): string {
  const issues = new IssueList();
  optionIssues(options, issues);
  const version = versionIssues(query, /^(published|draft)$/, 'published or draft', issues);
  if (issues.count > 0) throwIssues(issues, { call: 'journeys.list' });
  return version === undefined ? '' : `version=${version}`;
}

/** The template ID and `version` query of `journeys.get` and `journeys.versions`, checked. */
export function journeyGetInput(
  templateId: unknown,
  query: JourneyGetQuery | undefined,
  options: CallOptions | undefined,
  call: string,
): { templateId: string; query: string } {
  const issues = new IssueList();
  idIssues(templateId, ['templateId'], 'the journey template ID', issues);
  optionIssues(options, issues);
  const version = versionIssues(query, /^(published|draft|v\d+)$/, 'draft, published or vN (e.g. v2)', issues);
  if (issues.count > 0) throwIssues(issues, { call });
  return { templateId: templateId as string, query: version === undefined ? '' : `version=${encodeURIComponent(version)}` };
}

function versionIssues(query: unknown, accepted: RegExp, what: string, issues: IssueList): string | undefined {
  if (query === undefined) return undefined;
  if (!isPlainObject(query)) {
    issues.add(['query'], `must be an object like { version }, got ${describeValue(query)}`);
    return undefined;
  }
  for (const key of Object.keys(query)) if (key !== 'version') issues.add(['query', key], 'unknown field; the only one is version');
  const { version } = query;
  if (version === undefined) return undefined;
  if (typeof version !== 'string' || !accepted.test(version)) {
    issues.add(['query', 'version'], `must be ${what}, got ${describeValue(version)}`);
    return undefined;
  }
  return version;
}

/** The query string of one `GET /journeys/runs` page, without the cursor. */
export function runsQuery(filter: JourneyRunsFilter | undefined, options: CallOptions | undefined): string {
  const issues = new IssueList();
  optionIssues(options, issues);
  const params = new URLSearchParams();
  if (filter !== undefined) {
    if (!isPlainObject(filter)) {
      issues.add(['filter'], `must be an object like { template_id, status, start_date, end_date, limit }, got ${describeValue(filter)}`);
      throwIssues(issues, { call: 'runs.list filter' });
    }
    for (const key of Object.keys(filter)) {
      if (!FILTER_FIELDS.includes(key)) issues.add(['filter', key], `unknown filter; Courier filters runs by ${FILTER_FIELDS.join(', ')}`);
    }
    const templates = listIssues(filter.template_id, 'template_id', issues);
    const statuses = listIssues(filter.status, 'status', issues);
    const start = dateIssues(filter.start_date, 'start_date', issues);
    const end = dateIssues(filter.end_date, 'end_date', issues);
    const limit = filter.limit;
    if (limit !== undefined && !(Number.isInteger(limit) && (limit as number) >= 1 && (limit as number) <= MAX_RUNS_PAGE_SIZE)) {
      issues.add(['filter', 'limit'], `must be a whole number from 1 to ${MAX_RUNS_PAGE_SIZE} (Courier's page size), got ${describeValue(limit)}`);
    }
    if (templates !== undefined) params.set('template_id', templates);
    if (statuses !== undefined) params.set('status', statuses);
    if (start !== undefined) params.set('start_date', start);
    if (end !== undefined) params.set('end_date', end);
    if (typeof limit === 'number') params.set('limit', String(limit));
  }
  if (issues.count > 0) throwIssues(issues, { call: 'runs.list filter' });
  return params.toString();
}

/** `runs.waitFor` options, checked. */
export function checkWaitOptions(runId: unknown, options: WaitForRunOptions | undefined): void {
  const issues = new IssueList();
  idIssues(runId, ['runId'], 'the run id invoke() returned', issues);
  if (options !== undefined) {
    if (!isPlainObject(options)) {
      issues.add(['options'], `must be an object like { until, timeoutMs, pollIntervalMs, signal }, got ${describeValue(options)}`);
      throwIssues(issues, { call: 'runs.waitFor' });
    }
    for (const key of Object.keys(options)) {
      if (!WAIT_OPTIONS.includes(key)) issues.add(['options', key], `unknown option; waitFor takes ${WAIT_OPTIONS.join(', ')}`);
    }
    const { until, timeoutMs, pollIntervalMs, signal } = options;
    if (until !== undefined) {
      if (!Array.isArray(until) || until.length === 0)
        issues.add(['options', 'until'], `must be a non-empty array of run statuses, got ${describeValue(until)}`);
      else
        until.forEach((s, i) => typeof s !== 'string' && issues.add(['options', 'until', i], `must be a run status string, got ${describeValue(s)}`));
    }
    for (const [name, value] of [
      ['timeoutMs', timeoutMs],
      ['pollIntervalMs', pollIntervalMs],
    ] as const) {
      if (value !== undefined && !acceptsNumber(value, DELAY_RULE))
        issues.add(['options', name], `must be ${expectedNumber(DELAY_RULE)} (milliseconds), got ${describeValue(value)}`);
    }
    if (signal !== undefined && !(signal instanceof AbortSignal))
      issues.add(['options', 'signal'], `must be an AbortSignal, got ${describeValue(signal)}`);
  }
  if (issues.count > 0) throwIssues(issues, { call: 'runs.waitFor' });
}
