/**
 * Reads the input file (or stdin) as records with their line numbers: NDJSON (one JSON object a
 * line) or CSV with a header row (parsed by csv-parse). A line that cannot be read becomes a
 * record with an `error`, so one bad line never stops the others.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { thrownText } from '@journeykit/core/internal';
import { CsvLineTracker } from './csv-lines.js';

/** The input formats `--format` accepts. */
export type InputFormat = 'ndjson' | 'csv';

/** One line (NDJSON) or record (CSV) of the input. */
export interface SourceRecord {
  /** 1-based line number in the file (for a CSV record spanning lines, the line it starts on). */
  line: number;
  /** The record's fields; absent when the line could not be parsed. */
  fields?: Record<string, unknown>;
  /** Why the line could not be parsed. */
  error?: string;
}

/** The input's format: `--format` if given, else `.csv` means CSV and anything else NDJSON. */
export function inputFormat(file: string, format: string | undefined): InputFormat {
  if (format !== undefined) return format as InputFormat;
  return /\.csv$/i.test(file) ? 'csv' : 'ndjson';
}

/**
 * How many lines a regular file has, read fast (bytes, not records), for the progress bar's total
 * and ETA: an estimate for CSV with quoted line breaks. Only for a regular file: reading anything
 * else (a pipe, a FIFO, stdin) here would take the lines the run needs.
 */
export async function countLines(file: string): Promise<number> {
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    let at = chunk.indexOf(0x0a);
    while (at !== -1) {
      lines++;
      at = chunk.indexOf(0x0a, at + 1);
    }
    last = chunk[chunk.length - 1] ?? last;
  }
  return last === 0x0a ? lines : lines + 1;
}

async function* ndjsonRecords(input: Readable): AsyncGenerator<SourceRecord> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      // A byte-order mark on the first line is an editor's doing, not data.
      const trimmed = (line === 1 ? text.replace(/^\uFEFF/, '') : text).trim();
      if (trimmed === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(trimmed);
      } catch (err) {
        yield { line, error: `not valid JSON (${thrownText(err)})` };
        continue;
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        yield { line, error: 'each line must be a JSON object' };
        continue;
      }
      yield { line, fields: value as Record<string, unknown> };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

/** Why csv-parse skipped a record, in the file's terms (its own messages carry its own line count). */
function csvError(err: Error & { code?: string }, line: number, lastLine: number): string {
  if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
    const span = lastLine > line ? `lines ${line} to ${lastLine} were` : `line ${line} was`;
    return `a quote opened on line ${line} is never closed: ${span} read as one field and not started; close the quote (a quote inside a quoted field is written "")`;
  }
  return `not a valid CSV record (${err.message.replace(/\s+(?:at|on) line \d+/g, '')})`;
}

async function* csvRecords(input: Readable, onHeader: (columns: string[]) => void): AsyncGenerator<SourceRecord> {
  const lines = new CsvLineTracker();
  /** Byte offset where the last header or record (parsed or skipped) ended: the next one starts after it. */
  let parsedTo = 0;
  const startLine = (end: number): number => {
    const line = lines.firstLineAfter(parsedTo);
    parsedTo = Math.max(parsedTo, end);
    return line;
  };
  // Records and skipped records are numbered as the parser meets them, in file order; skipped ones
  // wait here until the record after them is yielded, so the two come out in line order.
  const skipped: SourceRecord[] = [];
  const parser = parse({
    bom: true,
    columns: (header: string[]) => {
      parsedTo = parser.info.bytes;
      onHeader(header);
      return header;
    },
    on_record: (record: Record<string, string>, context: { bytes: number }) => ({ line: startLine(context.bytes), fields: record }),
    skip_empty_lines: true,
    skip_records_with_error: true,
    trim: false,
  });
  parser.on('skip', (err: Error & { code?: string; bytes?: number }) => {
    const line = startLine(err.bytes ?? parsedTo);
    skipped.push({ line, error: csvError(err, line, lines.lineCount) });
  });
  input.on('error', (err) => parser.destroy(err));
  input.pipe(lines).pipe(parser);
  try {
    for await (const record of parser as AsyncIterable<SourceRecord>) {
      while (skipped.length > 0 && (skipped[0] as SourceRecord).line < record.line) yield skipped.shift() as SourceRecord;
      yield record;
    }
    while (skipped.length > 0) yield skipped.shift() as SourceRecord;
  } finally {
    input.unpipe(lines);
    input.destroy();
    parser.destroy();
  }
}

/** The records of `input`; `onHeader` receives a CSV file's column names before the first record. */
export function readRecords(input: Readable, format: InputFormat, onHeader: (columns: string[]) => void = () => {}): AsyncGenerator<SourceRecord> {
  return format === 'csv' ? csvRecords(input, onHeader) : ndjsonRecords(input);
}
