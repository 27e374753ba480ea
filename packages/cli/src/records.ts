/**
 * Reads the input file (or stdin) as records with their line numbers: NDJSON (one JSON object a
 * line) or CSV with a header row (parsed by csv-parse). A line that cannot be read becomes a
 * record with an `error`, so one bad line never stops the others.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';

/** The input formats `--format` accepts. */
export type InputFormat = 'ndjson' | 'csv';

/** One line (NDJSON) or record (CSV) of the input. */
export interface SourceRecord {
  /** 1-based line number in the file (for a CSV record spanning lines, the line it ends on). */
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

/** Opens `file`, or stdin for `-`. */
export function openInput(file: string): Readable {
  return file === '-' ? process.stdin : createReadStream(file);
}

/**
 * How many lines the file has, read fast (bytes, not records), for the progress bar's total and
 * ETA. An estimate for CSV with quoted line breaks; undefined for stdin.
 */
export async function countLines(file: string): Promise<number | undefined> {
  if (file === '-') return undefined;
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
        yield { line, error: `not valid JSON (${err instanceof Error ? err.message : String(err)})` };
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

async function* csvRecords(input: Readable, onHeader: (columns: string[]) => void): AsyncGenerator<SourceRecord> {
  const skipped: SourceRecord[] = [];
  const parser = parse({
    bom: true,
    columns: (header: string[]) => {
      onHeader(header);
      return header;
    },
    info: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    trim: false,
  });
  parser.on('skip', (err: Error & { lines?: number }) => {
    skipped.push({ line: err.lines ?? 0, error: `not a valid CSV record (${err.message})` });
  });
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      while (skipped.length > 0) yield skipped.shift() as SourceRecord;
      yield { line: info.lines, fields: record };
    }
    while (skipped.length > 0) yield skipped.shift() as SourceRecord;
  } finally {
    input.unpipe(parser);
    input.destroy();
    parser.destroy();
  }
}

/** The records of `input`; `onHeader` receives a CSV file's column names before the first record. */
export function readRecords(input: Readable, format: InputFormat, onHeader: (columns: string[]) => void = () => {}): AsyncGenerator<SourceRecord> {
  return format === 'csv' ? csvRecords(input, onHeader) : ndjsonRecords(input);
}
