/**
 * `journeykit invoke <templateId> --file <path>`: reads the file, maps each line to a request with
 * a key derived from it, and starts the journey for every line through `client.invokeMany`
 * (or, with `--dry-run`, validates every line and sends nothing). Returns the exit code.
 */
import { access } from 'node:fs/promises';
import { JourneysApiError, JourneysClient, JourneysValidationError, type InvokeManyItem, type InvokeRequest } from '@journeykit/core';
import { prepareInvocation, raiseKeyExpiration } from '@journeykit/core/internal';
import { lineKey } from './idempotency-key.js';
import { checkColumns, headerFields, mapRecord, type ColumnMapping } from './mapping.js';
import { createProgress, type Progress } from './progress.js';
import { countLines, openInput, readRecords, type InputFormat } from './records.js';
import { ResultsFile, failureLines, failureOf, summary, type LineFailure, type RunTotals } from './report.js';
import { UsageError } from './usage-error.js';

/** Everything `invoke` needs, parsed and checked by the command line. */
export interface InvokeCommandOptions {
  /** The journey every line starts (`<templateId>`). */
  templateId: string;
  /** The input path, or `-` for stdin (`--file`). */
  file: string;
  /** How the input is parsed (`--format`, else from the file's extension). */
  format: InputFormat;
  /** Columns to request fields, from the flags and `--mapping` (flags win); empty when the lines are requests. */
  mapping: ColumnMapping;
  /** Most lines in flight at once (`--concurrency`). */
  concurrency: number;
  /** Most lines started per second (`--rate`); no limit when absent. */
  ratePerSecond?: number;
  /** Validate every line and send nothing (`--dry-run`). */
  dryRun: boolean;
  /** Where the per-line results go (`--out`), one JSON object a line. */
  out?: string;
  /** Per-attempt timeout (`--timeout`). */
  timeoutMs: number;
  /** Retries per line after the first attempt (`--retries`). */
  retries: number;
  /** Unix seconds for `X-Idempotency-Expiration`. */
  keyExpiration?: number;
  /** Plain progress lines every this many ms when stderr is not a terminal. */
  progressIntervalMs: number;
}

/** Exit codes: 0 every line started (or, dry run, is valid); 1 some did not; 2 usage; 128 + signal when interrupted. */
export const EXIT = { ok: 0, failed: 1, usage: 2, SIGINT: 130, SIGTERM: 143 } as const;

/** Real runs print this many failure lines; the rest are in `--out`. A dry run prints them all. */
const PRINTED_FAILURES = 100;

/** One line ready to be checked or started, or the reason it cannot be. */
interface Entry {
  line: number;
  request?: InvokeRequest;
  key?: string;
  failure?: LineFailure;
}

/**
 * Runs `journeykit invoke`: reads the input line by line, validates and starts each line with its
 * own idempotency key, and resolves with the exit code (see {@link EXIT}) rather than exiting, so
 * tests drive it in-process. A usage problem (unreadable file, a mapped column not in the header)
 * rejects with a `UsageError` before anything is sent.
 */
export async function runInvoke(options: InvokeCommandOptions): Promise<number> {
  const { templateId, file, format } = options;
  if (file !== '-') {
    await access(file).catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
    });
  }
  const mapping: ColumnMapping = { ...options.mapping };
  let header: string[] | undefined;
  const totals: RunTotals = { templateId, file, dryRun: options.dryRun, read: 0, started: 0, failed: 0, lastLine: 0, elapsedMs: 0 };
  const started = performance.now();

  /** The file's lines as entries; the mapping is settled at the first CSV record, once the header is known. */
  async function* entries(): AsyncGenerator<Entry> {
    for await (const record of readRecords(openInput(file), format, (columns) => (header = columns))) {
      totals.read++;
      if (header !== undefined && format === 'csv' && totals.read === 1) {
        mapping.fields ??= headerFields(header, mapping.key);
        checkColumns(mapping, header);
      }
      if (record.fields === undefined) {
        yield { line: record.line, failure: { line: record.line, code: 'ERR_JOURNEYS_VALIDATION', message: record.error ?? 'unreadable line' } };
        continue;
      }
      const mapped = mapRecord(record.fields, mapping);
      if (mapped.issues.length > 0) {
        yield {
          line: record.line,
          failure: { line: record.line, code: 'ERR_JOURNEYS_VALIDATION', message: 'invalid request', issues: mapped.issues },
        };
        continue;
      }
      yield { line: record.line, request: mapped.request, key: mapped.key ?? lineKey(templateId, mapped.request) };
    }
  }

  const results = options.out === undefined ? undefined : new ResultsFile(options.out);
  await results?.open().catch((err: Error) => {
    throw new UsageError(`cannot write ${options.out}: ${err.message}`);
  });
  let printed = 0;
  const report = async (failure: LineFailure, key: string | undefined): Promise<void> => {
    totals.failed++;
    const stream = options.dryRun ? process.stdout : process.stderr;
    if (options.dryRun || printed < PRINTED_FAILURES) {
      for (const text of failureLines(failure, mapping)) stream.write(`${text}\n`);
    } else if (printed === PRINTED_FAILURES) {
      stream.write(
        `... further failures are not printed${results === undefined ? ' (use --out to keep them all)' : `; every one is in ${options.out}`}\n`,
      );
    }
    printed++;
    await results?.write({ line: failure.line, ok: false, idempotencyKey: key, error: { ...failure, line: undefined } });
  };

  const stop = new AbortController();
  let exitCode: number = EXIT.ok;
  /** Writes a message on stderr; while a progress bar is drawn, through it (so it is not drawn over). */
  const notice = (text: string): void => void (progress?.interrupt(text) ?? process.stderr.write(text));
  let progress: Progress | undefined;
  const onSignal = (signal: 'SIGINT' | 'SIGTERM'): void => {
    if (stop.signal.aborted) {
      // A second Ctrl-C: leave now. Whatever was in flight is settled by the next run's keys.
      totals.elapsedMs = performance.now() - started;
      process.stdout.write(summary({ ...totals, stoppedBy: `${signal} twice, without waiting for lines in flight` }));
      process.exit(EXIT[signal]);
    }
    exitCode = EXIT[signal];
    totals.stoppedBy = signal === 'SIGINT' ? 'Ctrl-C' : 'SIGTERM';
    notice(
      `${signal}: starting no new lines; waiting for the lines in flight (${signal === 'SIGINT' ? 'Ctrl-C' : 'send it'} again to quit at once)\n`,
    );
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    if (options.dryRun) await dryRun(entries(), options, totals, stop.signal, report, results);
    else await liveRun(entries(), options, totals, stop, report, results, (p) => (progress = p));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await results?.close();
  }
  totals.elapsedMs = performance.now() - started;
  process.stdout.write(summary(totals));
  if (exitCode !== EXIT.ok) return exitCode;
  return totals.failed > 0 || totals.stoppedBy !== undefined ? EXIT.failed : EXIT.ok;
}

async function dryRun(
  source: AsyncGenerator<Entry>,
  options: InvokeCommandOptions,
  totals: RunTotals,
  signal: AbortSignal,
  report: (failure: LineFailure, key: string | undefined) => Promise<void>,
  results: ResultsFile | undefined,
): Promise<void> {
  for await (const entry of source) {
    if (signal.aborted) break;
    totals.lastLine = entry.line;
    if (entry.failure !== undefined) {
      await report(entry.failure, undefined);
      continue;
    }
    try {
      prepareInvocation(options.templateId, entry.request as InvokeRequest, { idempotencyKey: entry.key });
    } catch (err) {
      if (!(err instanceof JourneysValidationError)) throw err;
      await report(failureOf(entry.line, err), entry.key);
      continue;
    }
    totals.started++;
    await results?.write({ line: entry.line, ok: true, idempotencyKey: entry.key });
  }
}

async function liveRun(
  source: AsyncGenerator<Entry>,
  options: InvokeCommandOptions,
  totals: RunTotals,
  stop: AbortController,
  report: (failure: LineFailure, key: string | undefined) => Promise<void>,
  results: ResultsFile | undefined,
  onProgress: (progress: Progress) => void,
): Promise<void> {
  const idempotencyExpiresAt = options.keyExpiration === undefined ? undefined : new Date(options.keyExpiration * 1000);
  // COURIER_API_KEY and COURIER_BASE_URL come from the environment, as for any JourneysClient.
  const client = new JourneysClient({
    timeoutMs: options.timeoutMs,
    maxRetries: options.retries,
    connections: options.concurrency,
  });
  const total = await countLines(options.file);
  const progress = createProgress(
    process.stderr,
    total === undefined ? undefined : Math.max(0, total - (options.format === 'csv' ? 1 : 0)),
    options.progressIntervalMs,
  );
  onProgress(progress);
  /** Line and key of each item handed to invokeMany and not yet settled (bounded by its concurrency). */
  const pending = new Map<number, { line: number; key: string }>();
  let index = 0;
  async function* items(): AsyncGenerator<InvokeManyItem> {
    for await (const entry of source) {
      totals.lastLine = entry.line;
      if (entry.failure !== undefined) {
        // Reported here, not queued: a long run of bad lines must not pile up in memory.
        await report(entry.failure, undefined);
        progress.update({ done: totals.started + totals.failed, failed: totals.failed });
        continue;
      }
      pending.set(index++, { line: entry.line, key: entry.key as string });
      // A run can outlast a day: near its end, a date given at the start is raised to Courier's 24 h minimum.
      const expiresAt = idempotencyExpiresAt === undefined ? undefined : raiseKeyExpiration(idempotencyExpiresAt);
      yield { templateId: options.templateId, request: entry.request as InvokeRequest, idempotencyKey: entry.key, idempotencyExpiresAt: expiresAt };
    }
  }
  try {
    for await (const result of client.invokeMany(items(), {
      concurrency: options.concurrency,
      ratePerSecond: options.ratePerSecond,
      signal: stop.signal,
    })) {
      const meta = pending.get(result.index) as { line: number; key: string };
      pending.delete(result.index);
      if (result.ok) {
        totals.started++;
        await results?.write({ line: meta.line, ok: true, runId: result.runId, idempotencyKey: meta.key });
      } else {
        await report(failureOf(meta.line, result.error), meta.key);
        const { error } = result;
        if (error instanceof JourneysApiError && (error.status === 401 || error.status === 403) && !stop.signal.aborted) {
          totals.stoppedBy = `Courier answered ${error.status}: check COURIER_API_KEY and COURIER_BASE_URL`;
          stop.abort();
        }
      }
      progress.update({ done: totals.started + totals.failed, failed: totals.failed });
    }
  } finally {
    progress.stop({ done: totals.started + totals.failed, failed: totals.failed });
    await client.close();
  }
}
