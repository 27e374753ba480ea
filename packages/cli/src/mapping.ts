/**
 * How a record's columns become an invoke request (`user_id`, `profile`, `data`) and, optionally,
 * its idempotency key. Given by flags (`--user-id-column`, `--profile field=column`,
 * `--data field=column`, `--key-column`) or a mapping file; without either, an NDJSON line is the
 * request itself and a CSV header names the fields (`user_id`, `profile.email`, `data.plan`).
 */
import { readFileSync } from 'node:fs';
import type { InvokeRequest, ValidationIssue } from '@journeykit/core';
import { thrownText } from '@journeykit/core/internal';
import { UsageError } from './usage-error.js';

/** Which column fills which request field. */
export interface FieldColumns {
  userId?: string;
  profile: [field: string, column: string][];
  data: [field: string, column: string][];
}

/** How records become requests. */
export interface ColumnMapping {
  /** Undefined: an NDJSON line is the request; a CSV header names the fields (see {@link headerFields}). */
  fields?: FieldColumns;
  /** The column whose value is the line's Idempotency-Key. */
  key?: string;
}

/** What the flags and the mapping file said. */
export interface MappingFlags {
  userIdColumn?: string;
  profile: string[];
  data: string[];
  keyColumn?: string;
  mappingFile?: string;
}

/** A request built from one record, or the problems that kept it from being built. */
export interface MappedRecord {
  request: InvokeRequest;
  key: string | undefined;
  issues: ValidationIssue[];
}

function fieldPair(flag: string, value: string): [string, string] {
  const at = value.indexOf('=');
  const field = at === -1 ? value : value.slice(0, at);
  const column = at === -1 ? value : value.slice(at + 1);
  if (field.trim() === '' || column.trim() === '') {
    throw new UsageError(`${flag} expects field=column (or just column when they are the same), got "${value}"`);
  }
  return [field, column];
}

function readMappingFile(path: string): Partial<FieldColumns> & { key?: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read the mapping file ${path}: ${thrownText(err)}`);
  }
  const bad = (what: string): never => {
    throw new UsageError(
      `mapping file ${path}: ${what}. Expected { "user_id": "column", "profile": { "email": "column" }, "data": { "plan": "column" }, "key": "column" }`,
    );
  };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) bad('it must be a JSON object');
  const file = raw as Record<string, unknown>;
  for (const name of Object.keys(file)) if (!['user_id', 'profile', 'data', 'key'].includes(name)) bad(`unknown entry "${name}"`);
  const column = (name: string): string | undefined => {
    const v = file[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v === '') bad(`"${name}" must be a column name`);
    return v as string;
  };
  const pairs = (name: string): [string, string][] => {
    const v = file[name];
    if (v === undefined) return [];
    if (v === null || typeof v !== 'object' || Array.isArray(v)) bad(`"${name}" must map field names to column names`);
    return Object.entries(v as Record<string, unknown>).map(([field, col]) => {
      if (typeof col !== 'string' || col === '') bad(`"${name}.${field}" must be a column name`);
      return [field, col as string];
    });
  };
  return { userId: column('user_id'), profile: pairs('profile'), data: pairs('data'), key: column('key') };
}

/** The mapping the flags and the mapping file give (flags win); `fields` is undefined when neither maps a field. */
export function columnMapping(flags: MappingFlags): ColumnMapping {
  const file = flags.mappingFile === undefined ? {} : readMappingFile(flags.mappingFile);
  const fields: FieldColumns = {
    userId: flags.userIdColumn ?? file.userId,
    profile: [...(file.profile ?? []), ...flags.profile.map((v) => fieldPair('--profile', v))],
    data: [...(file.data ?? []), ...flags.data.map((v) => fieldPair('--data', v))],
  };
  const explicit = fields.userId !== undefined || fields.profile.length > 0 || fields.data.length > 0;
  return { fields: explicit ? fields : undefined, key: flags.keyColumn ?? file.key };
}

/**
 * The default for a CSV file: `user_id`, `profile.<field>` and `data.<field>` columns. Any other
 * column is a mistake worth stopping for (it would be silently dropped).
 */
export function headerFields(columns: string[], key: string | undefined): FieldColumns {
  const mapping: FieldColumns = { profile: [], data: [] };
  const unknown: string[] = [];
  for (const column of columns) {
    if (column === key) continue;
    if (column === 'user_id') mapping.userId = column;
    else if (column.startsWith('profile.') && column.length > 8) mapping.profile.push([column.slice(8), column]);
    else if (column.startsWith('data.') && column.length > 5) mapping.data.push([column.slice(5), column]);
    else unknown.push(column);
  }
  if (unknown.length > 0) {
    throw new UsageError(
      `the CSV header has column${unknown.length === 1 ? '' : 's'} ${unknown.map((c) => `"${c}"`).join(', ')} that map to no request field. ` +
        'Name columns user_id, profile.<field> or data.<field>, or map them with --user-id-column, --profile field=column, --data field=column or --mapping',
    );
  }
  return mapping;
}

/** Checks that every column a mapping names is in the CSV header. */
export function checkColumns(mapping: ColumnMapping, columns: string[]): void {
  const have = new Set(columns);
  const f = mapping.fields;
  const named = [f?.userId, ...(f?.profile ?? []).map((p) => p[1]), ...(f?.data ?? []).map((p) => p[1]), mapping.key];
  const missing = [...new Set(named.filter((c): c is string => c !== undefined && !have.has(c)))];
  if (missing.length > 0) {
    throw new UsageError(
      `column${missing.length === 1 ? '' : 's'} ${missing.map((c) => `"${c}"`).join(', ')} not in the CSV header (${columns.map((c) => `"${c}"`).join(', ')})`,
    );
  }
}

/** A cell's value: CSV cells are strings and an empty cell means "not given". */
function cell(fields: Record<string, unknown>, column: string): unknown {
  const value = fields[column];
  return value === '' ? undefined : value;
}

function keyOf(fields: Record<string, unknown>, column: string | undefined, issues: ValidationIssue[]): string | undefined {
  if (column === undefined) return undefined;
  const value = cell(fields, column);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  issues.push({ path: ['options', 'idempotencyKey'], message: `the key column "${column}" is empty or not a string` });
  return undefined;
}

/** Builds the request (and key) for one record. */
export function mapRecord(fields: Record<string, unknown>, mapping: ColumnMapping): MappedRecord {
  const issues: ValidationIssue[] = [];
  const columns = mapping.fields;
  if (columns === undefined) {
    // No field mapping: the line is the request (the key column, if any, is taken out of it).
    const key = keyOf(fields, mapping.key, issues);
    if (mapping.key === undefined) return { request: fields, key, issues };
    const request = { ...fields };
    delete request[mapping.key];
    return { request, key, issues };
  }
  const request: InvokeRequest = {};
  if (columns.userId !== undefined) {
    const value = cell(fields, columns.userId);
    if (value !== undefined) request.user_id = value as string;
  }
  for (const [target, pairs] of [
    ['profile', columns.profile],
    ['data', columns.data],
  ] as const) {
    if (pairs.length === 0) continue;
    const out: Record<string, unknown> = {};
    for (const [field, column] of pairs) {
      const value = cell(fields, column);
      if (value !== undefined) out[field] = value;
    }
    if (Object.keys(out).length > 0) request[target] = out;
  }
  return { request, key: keyOf(fields, mapping.key, issues), issues };
}

/** The column a request field came from, to name it in a report (`data.plan (column plan_col)`). */
export function columnFor(mapping: ColumnMapping, path: readonly (string | number)[]): string | undefined {
  const [head, field] = path;
  // Core reports a bad key under the call's options.
  if (head === 'options' && field === 'idempotencyKey') return mapping.key;
  const columns = mapping.fields;
  if (columns === undefined) return undefined;
  if (head === 'user_id') return columns.userId;
  const pairs = head === 'profile' ? columns.profile : head === 'data' ? columns.data : [];
  return pairs.find((p) => p[0] === field)?.[1];
}
