/**
 * What the command tells the user about each line and about the run: failure lines that name the
 * line number and the field path (and the column it came from), the `--out` results file, and the
 * closing summary.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { JourneysApiError, JourneysValidationError, type JourneysError, type ValidationIssue } from '@journeykit/core';
import { formatIssuePath } from '@journeykit/core/internal';
import { columnFor, type ColumnMapping } from './mapping.js';
import { formatCount, formatDuration } from './progress.js';

/** One failed line, as printed and as written to `--out`. */
export interface LineFailure {
  line: number;
  code: string;
  message: string;
  issues?: ValidationIssue[];
  status?: number;
}

/** Why a line failed, from a JourneysError (validation issues keep their paths). */
export function failureOf(line: number, error: JourneysError): LineFailure {
  if (error instanceof JourneysValidationError) return { line, code: error.code, message: 'invalid request', issues: error.issues };
  if (error instanceof JourneysApiError) return { line, code: error.code, message: error.message, status: error.status };
  return { line, code: error.code, message: error.message };
}

/** `line 12: data.plan (column plan_col): must be a string`: one text line per problem. */
export function failureLines(failure: LineFailure, mapping: ColumnMapping): string[] {
  if (failure.issues === undefined || failure.issues.length === 0) return [`line ${failure.line}: ${failure.message}`];
  return failure.issues.map((issue) => {
    const column = columnFor(mapping, issue.path);
    return `line ${failure.line}: ${formatIssuePath(issue.path)}${column === undefined ? '' : ` (column ${column})`}: ${issue.message}`;
  });
}

/** The `--out` file: one JSON object a line, in the order results arrive. */
export class ResultsFile {
  readonly #stream: WriteStream;
  #error: Error | undefined;

  constructor(path: string) {
    this.#stream = createWriteStream(path, { flags: 'w' });
    this.#stream.on('error', (err) => (this.#error = err));
  }

  /** Opens the file (so a bad path fails before anything is sent). */
  async open(): Promise<void> {
    await once(this.#stream, 'open');
  }

  async write(record: object): Promise<void> {
    if (this.#error !== undefined) throw this.#error;
    if (!this.#stream.write(`${JSON.stringify(record)}\n`)) await once(this.#stream, 'drain');
  }

  async close(): Promise<void> {
    if (this.#stream.closed) return;
    await new Promise<void>((resolve) => this.#stream.end(resolve));
    if (this.#error !== undefined) throw this.#error;
  }
}

/** Why a line failed, for what to do next: fix the input, fix the credentials, or run again. */
export type FailureKind = 'toFix' | 'refused' | 'mayPass';

/** Where a run ended. */
export interface RunTotals {
  templateId: string;
  file: string;
  dryRun: boolean;
  /** Lines read (parsed or not). */
  read: number;
  started: number;
  failed: number;
  /** Failed lines by what would fix them. */
  failures: Record<FailureKind, number>;
  /** Started lines by what the earlier results file says of them; undefined without one. */
  earlier?: { path: string; new: number; replayed: number; restarted: number };
  /** `--out` was given (so the next run can tell new runs from replays). */
  writesResults: boolean;
  /** The last line handed on for starting (every line up to it started or failed). */
  lastLine: number;
  elapsedMs: number;
  /** Why the run stopped early, if it did. */
  stoppedBy?: string;
  /** Courier refused the key (401/403): the status, which stopped the run. */
  refusedWith?: number;
}

/** A fresh set of totals for a run. */
export function emptyTotals(templateId: string, file: string, dryRun: boolean, writesResults: boolean): RunTotals {
  return {
    templateId,
    file,
    dryRun,
    read: 0,
    started: 0,
    failed: 0,
    failures: { toFix: 0, refused: 0, mayPass: 0 },
    writesResults,
    lastLine: 0,
    elapsedMs: 0,
  };
}

const lines = (n: number): string => `${formatCount(n)} line${n === 1 ? '' : 's'}`;

/** What the started row says about the runs: new ones, and replays of the earlier run's. */
function startedNote(t: RunTotals): string {
  if (t.earlier === undefined) {
    // No earlier results to compare with: Courier's answer does not say whether it replayed.
    return `  (new runs, or runs an earlier attempt already started; ${t.writesResults ? 'a re-run with this --out' : '--out'} tells them apart)`;
  }
  const { path, replayed, restarted } = t.earlier;
  const parts = [`${formatCount(t.earlier.new)} new`];
  if (replayed > 0) parts.push(`${formatCount(replayed)} already started by the run that wrote ${path}`);
  if (restarted > 0) parts.push(`${formatCount(restarted)} started again: their keys had expired (see --idempotency-expiration)`);
  return `  (${parts.join(', ')})`;
}

const RERUN_IS_SAFE =
  'lines that already started will not start twice (Courier keeps idempotency keys for about 24 hours; see --idempotency-expiration)';

/** What to do next, when not every line started: only the advice that can help. */
function nextSteps(t: RunTotals): string[] {
  const out: string[] = [];
  if (t.refusedWith !== undefined) {
    out.push(`Courier answered ${t.refusedWith}: check COURIER_API_KEY and COURIER_BASE_URL, then run the same command again: ${RERUN_IS_SAFE}.`);
  } else if (t.stoppedBy !== undefined) {
    out.push(`Run the same command again to finish: ${RERUN_IS_SAFE}.`);
  } else if (t.failures.mayPass > 0) {
    out.push(
      `Run the same command again to retry the ${lines(t.failures.mayPass)} that failed for a reason that may pass ` +
        `(a timeout, a dropped connection, 429, 5xx): ${RERUN_IS_SAFE}.`,
    );
  }
  if (t.failures.toFix > 0) {
    out.push(
      `${lines(t.failures.toFix)} failed in a way a re-run will not fix (listed above): correct ${t.failures.toFix === 1 ? 'it' : 'them'} ` +
        'in the input (or the mapping); a re-run then starts only what has not started.',
    );
  }
  return out;
}

/** The closing summary: counts, rate, and what to do next. */
export function summary(t: RunTotals): string {
  const seconds = t.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round((t.started + t.failed) / seconds) : 0;
  const width = formatCount(Math.max(t.read, 1)).length;
  const row = (label: string, n: number, note = ''): string => `  ${label.padEnd(12)}${formatCount(n).padStart(width)}${note}`;
  const out = [`journeykit invoke ${t.templateId}${t.dryRun ? ' --dry-run' : ''} (${t.file === '-' ? 'stdin' : t.file})`];
  out.push(row('lines read', t.read));
  if (t.dryRun) {
    out.push(row('valid', t.started), row('invalid', t.failed, t.failed > 0 ? '  (listed above)' : ''));
  } else {
    out.push(row('started', t.started, t.started > 0 ? startedNote(t) : ''));
    out.push(row('failed', t.failed, t.failed > 0 ? '  (not started; listed above and in --out)' : ''));
  }
  out.push(`  elapsed     ${formatDuration(seconds)} (${formatCount(rate)} lines/s)`);
  if (t.stoppedBy !== undefined) {
    out.push(
      t.lastLine > 0
        ? `Stopped (${t.stoppedBy}) after line ${formatCount(t.lastLine)}: lines after it were not ${t.dryRun ? 'checked' : 'started'}.`
        : `Stopped (${t.stoppedBy}) before any line was ${t.dryRun ? 'checked' : 'started'}.`,
    );
  }
  if (t.read === 0 && t.stoppedBy === undefined) {
    out.push(`No lines were read from ${t.file === '-' ? 'stdin' : t.file}: nothing was ${t.dryRun ? 'checked' : 'started'}.`);
  } else if (t.dryRun) {
    out.push(t.failed === 0 && t.stoppedBy === undefined ? 'Every line is valid; nothing was sent.' : 'Nothing was sent.');
  } else if (t.failed === 0 && t.stoppedBy === undefined) {
    out.push('Every line started.');
  } else {
    out.push(...nextSteps(t));
  }
  return `${out.join('\n')}\n`;
}

/** Whether the run is a success: something was read, and every line read started (or, dry run, is valid). */
export function succeeded(t: RunTotals): boolean {
  return t.read > 0 && t.failed === 0 && t.stoppedBy === undefined;
}
