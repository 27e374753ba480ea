import type { ValidationIssue } from './errors.js';

/**
 * True for objects built by `{}` or `Object.create(null)`: what JSON round-trips without loss.
 * Arrays, class instances, Maps and Dates are not plain.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: object): string {
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? name : 'object';
}

/**
 * Walks a value that is about to be sent as JSON and records every part JSON would drop, alter
 * or choke on, so the caller learns it now instead of Courier receiving something else.
 * One shared path array is pushed and popped so the happy path allocates nothing per field.
 */
export function collectJsonIssues(value: unknown, path: (string | number)[], issues: ValidationIssue[]): void {
  const ancestors: object[] = [];
  if (!isFine(value)) walk(value, path, ancestors, issues, false, ownKeysOnly());
}

/** The values JSON carries as they are; checked inline so the common case costs no call. */
function isFine(value: unknown): boolean {
  const type = typeof value;
  // `v - v === 0` is Number.isFinite without the call: NaN and ±Infinity give NaN.
  return type === 'string' || (type === 'number' && (value as number) - (value as number) === 0) || type === 'boolean' || value === null;
}

/**
 * `for...in` walks a plain object about 40% faster than `Object.keys`, and visits the same keys
 * JSON.stringify does unless someone added enumerable keys to Object.prototype. Then, and only
 * then, the walk filters to own keys.
 */
function ownKeysOnly(): boolean {
  for (const _ in {}) return true;
  return false;
}

function walk(
  value: unknown,
  path: (string | number)[],
  ancestors: object[],
  issues: ValidationIssue[],
  inArray: boolean,
  ownOnly: boolean,
): void {
  switch (typeof value) {
    case 'number':
      issues.push({ path: path.slice(), message: `${value} is not valid JSON (it would be sent as null); send a finite number or a string` });
      return;
    case 'undefined':
      // An undefined object property is simply absent in JSON, as in every JS HTTP client;
      // inside an array it would silently turn into null, so that is reported.
      if (inArray) issues.push({ path: path.slice(), message: 'undefined inside an array would be sent as null; use null or remove it' });
      return;
    case 'bigint':
      issues.push({ path: path.slice(), message: 'BigInt cannot be sent as JSON; convert it to a string or number' });
      return;
    case 'function':
      issues.push({ path: path.slice(), message: 'a function cannot be sent as JSON; remove it' });
      return;
    case 'symbol':
      issues.push({ path: path.slice(), message: 'a symbol cannot be sent as JSON; convert it to a string' });
      return;
    case 'string':
    case 'boolean':
      return;
  }
  if (value === null) return;
  const obj = value as object;
  if (ancestors.includes(obj)) {
    issues.push({ path: path.slice(), message: 'circular reference: this value contains itself and cannot be sent as JSON' });
    return;
  }
  if (Array.isArray(obj)) {
    ancestors.push(obj);
    for (let i = 0; i < obj.length; i++) {
      const item: unknown = obj[i];
      if (isFine(item)) continue;
      path.push(i);
      walk(item, path, ancestors, issues, true, ownOnly);
      path.pop();
    }
    ancestors.pop();
    return;
  }
  const proto = Object.getPrototypeOf(obj);
  if (proto !== Object.prototype && proto !== null) {
    // Values with their own JSON form (Date, Decimal-like types) are sent as that form.
    if (typeof (obj as { toJSON?: unknown }).toJSON === 'function') return;
    issues.push({
      path: path.slice(),
      message: `a ${describe(obj)} would be sent as ${obj instanceof Map || obj instanceof Set ? '{}' : 'its enumerable fields only'}; convert it to a plain object or array`,
    });
    return;
  }
  ancestors.push(obj);
  for (const key in obj) {
    const item = (obj as Record<string, unknown>)[key];
    if (isFine(item) || (ownOnly && !Object.hasOwn(obj, key))) continue;
    path.push(key);
    walk(item, path, ancestors, issues, false, ownOnly);
    path.pop();
  }
  ancestors.pop();
}
