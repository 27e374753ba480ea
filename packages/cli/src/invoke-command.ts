/**
 * `journeykit invoke <templateId> --file <path>`: reads the file, maps each line to a request with
 * a key derived from it, and starts the journey for every line through `client.invokeMany`
 * (or, with `--dry-run`, validates every line and sends nothing). Returns the exit code.
 */
import {
  JourneysApiError,
  JourneysClient,
  JourneysValidationError,
  type InvokeManyItem,
  type InvokeRequest,
  type JourneysError,
} from '@journeykit/core';
import { classifyFailure, prepareInvocation, raiseKeyExpiration, type AnyJourneyCatalog } from '@journeykit/core/internal';
import { EarlierResults } from './earlier-results.js';
import { lineKey } from './idempotency-key.js';
import { openInput, type InputSource } from './input-source.js';
import { loadCatalog } from './load-catalog.js';
import { checkPlainHttp } from './insecure-http.js';
import { checkColumns, headerFields, mapRecord, type ColumnMapping } from './mapping.js';
import { createProgress, type Progress } from './progress.js';
import { countLines, readRecords, type InputFormat } from './records.js';
import {
  ResultsFile,
  emptyTotals,
  failureLines,
  failureOf,
  succeeded,
  summary,
  type FailureKind,
  type LineFailure,
  type RunTotals,
} from './report.js';
import { stopOnAbort } from './stop-on-abort.js';
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
  /** Most lines started per second (`--rate-per-second`); no limit when absent. */
  ratePerSecond?: number;
  /** Validate every line and send nothing (`--dry-run`). */
  dryRun: boolean;
  /** Where the per-line results go (`--out`), one JSON object a line. */
  out?: string;
  /** Per-attempt timeout in ms (`--timeout-ms`). */
  timeoutMs: number;
  /** Retries per line after the first attempt (`--max-retries`). */
  maxRetries: number;
  /** Unix seconds for `X-Idempotency-Expiration`. */
  keyExpiration?: number;
  /** Plain progress lines every this many ms when stderr is not a terminal (`--progress-interval-ms`). */
  progressIntervalMs: number;
  /** Let plain `http://` reach a base URL that is not loopback (`--allow-insecure-http`). */
  allowInsecureHttp?: boolean;
  /** A module exporting `journeys` (`--catalog`): every line is validated through it before it is sent. */
  catalog?: string;
}

/** Exit codes: 0 every line started (or, dry run, is valid), and there was at least one; 1 some did not, or none was read; 2 usage; 128 + signal when interrupted. */
const EXIT = { ok: 0, failed: 1, usage: 2, SIGINT: 130, SIGTERM: 143 } as const;

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
  if (!options.dryRun) checkPlainHttp(process.env.COURIER_BASE_URL, options.allowInsecureHttp === true);
  const mapping: ColumnMapping = { ...options.mapping };
  let header: string[] | undefined;
  const totals: RunTotals = emptyTotals(templateId, file, options.dryRun, options.out !== undefined);
  const started = performance.now();
  const catalog = options.catalog === undefined ? undefined : await loadCatalog(options.catalog, templateId);

  /** The file's lines as entries; the mapping is settled at the first CSV record, once the header is known. */
  async function* entries(input: InputSource): AsyncGenerator<Entry> {
    for await (const record of readRecords(input.stream, format, (columns) => (header = columns))) {
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

  // Read before the results file is opened (and emptied): what the earlier run with this --out started.
  const earlier = options.out === undefined || options.dryRun ? undefined : await EarlierResults.read(options.out);
  if (earlier !== undefined) totals.earlier = { path: earlier.path, new: 0, replayed: 0, restarted: 0 };
  const results = options.out === undefined ? undefined : new ResultsFile(options.out);
  await results?.open().catch((err: Error) => {
    throw new UsageError(`cannot write ${options.out}: ${err.message}`);
  });
  let printed = 0;
  const report = async (failure: LineFailure, key: string | undefined, kind: FailureKind = 'toFix'): Promise<void> => {
    totals.failed++;
    totals.failures[kind]++;
    totals.lastLine = Math.max(totals.lastLine, failure.line);
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
  const recordStart = async (line: number, key: string, runId: string): Promise<void> => {
    totals.started++;
    totals.lastLine = Math.max(totals.lastLine, line);
    if (earlier !== undefined && totals.earlier !== undefined) totals.earlier[earlier.outcome(key, runId)]++;
    await results?.write({ line, ok: true, runId, idempotencyKey: key });
  };

  const stop = new AbortController();
  let input: InputSource | undefined;
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
    // Whatever the writer of a pipe, a FIFO or stdin is doing, nothing more is read.
    input?.close();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    input = await openInput(file);
    if (stop.signal.aborted) input.close();
    const source = stopOnAbort(entries(input), stop.signal);
    if (options.dryRun) await dryRun(source, options, catalog, totals, report, results);
    else await liveRun(source, input, options, catalog, totals, stop, report, recordStart, (p) => (progress = p));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    input?.close();
    await results?.close();
  }
  totals.elapsedMs = performance.now() - started;
  process.stdout.write(summary(totals));
  if (exitCode !== EXIT.ok) return exitCode;
  return succeeded(totals) ? EXIT.ok : EXIT.failed;
}

/** Why a started line failed, for what to do next. */
function failureKind(error: JourneysError): FailureKind {
  if (error instanceof JourneysApiError && (error.status === 401 || error.status === 403)) return 'refused';
  // Only what Courier would refuse again needs the input fixed; every other class may pass on a re-run.
  return classifyFailure(error) === 'permanent' ? 'toFix' : 'mayPass';
}

async function dryRun(
  source: AsyncIterable<Entry>,
  options: InvokeCommandOptions,
  catalog: AnyJourneyCatalog | undefined,
  totals: RunTotals,
  report: (failure: LineFailure, key: string | undefined) => Promise<void>,
  results: ResultsFile | undefined,
): Promise<void> {
  for await (const entry of source) {
    totals.lastLine = entry.line;
    if (entry.failure !== undefined) {
      await report(entry.failure, undefined);
      continue;
    }
    try {
      prepareInvocation(options.templateId, entry.request as InvokeRequest, { idempotencyKey: entry.key }, undefined, catalog);
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
  source: AsyncIterable<Entry>,
  input: InputSource,
  options: InvokeCommandOptions,
  catalog: AnyJourneyCatalog | undefined,
  totals: RunTotals,
  stop: AbortController,
  report: (failure: LineFailure, key: string | undefined, kind?: FailureKind) => Promise<void>,
  recordStart: (line: number, key: string, runId: string) => Promise<void>,
  onProgress: (progress: Progress) => void,
): Promise<void> {
  const idempotencyExpiresAt = options.keyExpiration === undefined ? undefined : new Date(options.keyExpiration * 1000);
  // COURIER_API_KEY and COURIER_BASE_URL come from the environment, as for any JourneysClient.
  const client = new JourneysClient({
    timeoutMs: options.timeoutMs,
    maxRetries: options.maxRetries,
    connections: options.concurrency,
    allowInsecureHttp: options.allowInsecureHttp === true,
    catalog,
  });
  // Counted ahead only for a regular file: a pipe, a FIFO or stdin can be read once, by the run.
  const total = input.regularFile ? await countLines(options.file) : undefined;
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
    // The last line is counted from results, not from what was pulled: an item pulled as the run
    // stopped is never started, and every item invokeMany started yields a result before it ends.
    for await (const result of client.invokeMany(items(), {
      concurrency: options.concurrency,
      ratePerSecond: options.ratePerSecond,
      signal: stop.signal,
    })) {
      const meta = pending.get(result.index) as { line: number; key: string };
      pending.delete(result.index);
      if (result.ok) {
        await recordStart(meta.line, meta.key, result.runId);
      } else {
        const { error } = result;
        const kind = failureKind(error);
        await report(failureOf(meta.line, error), meta.key, kind);
        if (kind === 'refused' && error instanceof JourneysApiError && !stop.signal.aborted) {
          totals.stoppedBy = `Courier answered ${error.status}`;
          totals.refusedWith = error.status;
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
