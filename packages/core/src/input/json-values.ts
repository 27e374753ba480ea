import type { ValidationIssue } from '../errors/errors.js';
import { IssueList } from '../errors/issue-list.js';
import { JsonSnapshot, StopReading } from './json-snapshot.js';

/**
 * True for objects built by `{}` or `Object.create(null)`: what JSON round-trips without loss.
 * Arrays, class instances, Maps and Dates are not plain.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Records every part of a plain object that JSON would drop, alter or choke on (the zod schemas
 * use it; the client reads the request once with {@link JsonSnapshot} instead). The walk stops,
 * with one issue, once the value cannot fit in `maxBytes`.
 */
export function collectJsonIssues(value: object, path: (string | number)[], issues: ValidationIssue[], maxBytes: number): void {
  const list = new IssueList();
  const reader = new JsonSnapshot(maxBytes, list);
  reader.path.push(...path);
  try {
    reader.object(value);
  } catch (err) {
    if (!(err instanceof StopReading)) throw err;
    if (err.reason === 'size') list.add(path, `larger than ${maxBytes} bytes as JSON; send less data`);
  }
  issues.push(...list.listed);
  if (list.unlisted > 0) issues.push({ path, message: `and ${list.unlisted} more problems like these` });
}
