/**
 * What the command tells the user about each line and about the run: failure lines that name the
 * line number and the field path (and the column it came from), the `--out` results file, and the
 * closing summary.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { JourneysApiError, JourneysValidationError, formatIssuePath, type JourneysError, type ValidationIssue } from '@journeykit/core';
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

/** Where a run ended. */
export interface RunTotals {
  templateId: string;
  file: string;
  dryRun: boolean;
  /** Lines read (parsed or not). */
  read: number;
  started: number;
  failed: number;
  /** The last line handed on for starting (every line up to it started or failed). */
  lastLine: number;
  elapsedMs: number;
  /** Why the run stopped early, if it did. */
  stoppedBy?: string;
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
    out.push(row('started', t.started, '  (new runs, or runs an earlier attempt already started)'));
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
  if (t.dryRun) {
    out.push(t.failed === 0 && t.stoppedBy === undefined ? 'Every line is valid; nothing was sent.' : 'Nothing was sent.');
  } else if (t.failed === 0 && t.stoppedBy === undefined) {
    out.push('Every line started.');
  } else {
    out.push(
      'Run the same command again to finish: lines that already started will not start twice ' +
        '(Courier keeps idempotency keys for about 24 hours; see --idempotency-expiration).',
    );
  }
  return `${out.join('\n')}\n`;
}
