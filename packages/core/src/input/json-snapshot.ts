import { constructorName, describeValue, withArticle } from '../shared/describe-value.js';
import type { IssueList } from '../errors/issue-list.js';

/**
 * Thrown (never escapes this package) when reading on is pointless: what the walk has read cannot
 * fit in the byte limit (`'size'`), or the value nests too deep (`'depth'`, already reported).
 */
export class StopReading {
  constructor(readonly reason: 'size' | 'depth') {}
}

/** Deeper than this, JSON.stringify itself would overflow the stack long before Courier sees it. */
export const MAX_JSON_DEPTH = 256;

/** Thrown by a container that is its own ancestor; caught where the path points at it. */
class Circular {}

/** Marks an object property JSON leaves out (its value is `undefined`). */
const ABSENT: unique symbol = Symbol('absent');

/**
 * Reads a value exactly once into the JSON value it will be sent as, applying `toJSON` the way
 * `JSON.stringify` does, and records every part JSON would drop, alter or choke on. What it
 * returns holds only strings, finite numbers, booleans, null, plain objects and arrays, so
 * `JSON.stringify` of it is the body and what was validated is what is sent.
 *
 * The walk keeps a lower bound of the body's size (string lengths, quotes, one byte per other
 * value and separator; a container counts the first byte of each value it holds) and stops with
 * {@link StopReading} as soon as that passes the limit: a sparse array
 * of length 2^32-1 or shared references that expand to 2^30 paths cost no more than a body of
 * the limit's size. One path array is pushed and popped, so the happy path allocates only the copy.
 */
export class JsonSnapshot {
  /** Where the value being read sits, e.g. `['data', 'items', 2]`. */
  readonly path: (string | number)[] = [];
  readonly #issues: IssueList;
  #room: number;
  readonly #ancestors: object[] = [];
  // `for...in` walks a plain object faster than `Object.keys` and visits the keys JSON.stringify
  // does, unless someone added enumerable keys to Object.prototype: then the walk filters to own keys.
  readonly #ownOnly = prototypeIsPolluted();

  constructor(maxBytes: number, issues: IssueList) {
    this.#room = maxBytes;
    this.#issues = issues;
  }

  /** Counts `bytes` more of output; stops the walk once the limit cannot hold. */
  spend(bytes: number): void {
    if ((this.#room -= bytes) < 0) throw new StopReading('size');
  }

  report(message: string): void {
    this.#issues.add(this.path, message);
  }

  /**
   * What `JSON.stringify` does first with a property's value: call its `toJSON(key)` when it has
   * one (Date, Decimal types, or anything that defines it, even non-enumerable), once.
   */
  toJSONOf(value: unknown, key: string): unknown {
    if (!((typeof value === 'object' && value !== null) || typeof value === 'bigint')) return value;
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON !== 'function') return value;
    if (value instanceof Date && toJSON === Date.prototype.toJSON && Number.isNaN(value.getTime())) {
      this.report('an invalid Date would be sent as null; check how the date was built');
      return null;
    }
    const json: unknown = toJSON.call(value, key);
    if (json === undefined) {
      this.report(`toJSON() of ${describeValue(value)} returned undefined, so JSON would leave the field out; return a JSON value`);
      return null;
    }
    return json;
  }

  /** The JSON copy of a plain object whose own `toJSON` was already applied. */
  object(obj: object): Record<string, unknown> {
    this.#enter(obj);
    // The spread reads every own enumerable property once (getters and Proxy traps included)
    // into data properties; from here on only the copy is read. It is also the fastest copy V8 makes.
    const out: Record<string, unknown> = { ...obj };
    // The budget lives in a local in the loop (this is the hot path) and in #room across calls.
    let room = this.#room - 1;
    for (const key in out) {
      if (this.#ownOnly && !Object.hasOwn(out, key)) continue;
      const item = out[key];
      room -= key.length + 4; // quotes, colon, and the value's first byte
      if (typeof item === 'string') room -= item.length + 1;
      // `v - v === 0` is Number.isFinite without the call: NaN and ±Infinity give NaN.
      else if (!(typeof item === 'number' && item - item === 0) && typeof item !== 'boolean' && item !== null) {
        this.#room = room;
        this.path.push(key);
        const json = this.#value(item, key, false);
        this.path.pop();
        room = this.#room;
        if (json === ABSENT) delete out[key];
        else if (json !== item) out[key] = json;
      }
      if (room < 0) break;
    }
    this.#room = room;
    if (room < 0) throw new StopReading('size');
    this.#ancestors.pop();
    return out;
  }

  #array(arr: readonly unknown[]): unknown[] {
    const length = arr.length;
    // Every element is at least one byte plus a comma, holes included (they are sent as null):
    // the length alone can rule the array out before a single element is read.
    this.spend(2 * length);
    this.#enter(arr);
    const out: unknown[] = [];
    let room = this.#room;
    for (let i = 0; i < length; i++) {
      let item = arr[i];
      if (typeof item === 'string') room -= item.length + 1;
      else if (!(typeof item === 'number' && item - item === 0) && typeof item !== 'boolean' && item !== null) {
        this.#room = room;
        this.path.push(i);
        item = this.#value(item, i, true);
        this.path.pop();
        room = this.#room;
      }
      if (room < 0) break;
      out.push(item);
    }
    this.#room = room;
    if (room < 0) throw new StopReading('size');
    this.#ancestors.pop();
    return out;
  }

  #enter(obj: object): void {
    if (this.#ancestors.length >= MAX_JSON_DEPTH) {
      this.report(`nested deeper than ${MAX_JSON_DEPTH} levels; flatten it`);
      throw new StopReading('depth');
    }
    if (this.#ancestors.includes(obj)) return this.#circular();
    this.#ancestors.push(obj);
  }

  #circular(): never {
    throw new Circular();
  }

  /** Any value that is not a plain string, finite number, boolean or null. */
  #value(value: unknown, key: string | number, inArray: boolean): unknown {
    // The common case first: a plain object or array without toJSON.
    if (typeof value === 'object' && value !== null && (value as { toJSON?: unknown }).toJSON === undefined) {
      return this.#container(value);
    }
    const json = this.toJSONOf(value, typeof key === 'number' ? String(key) : key);
    switch (typeof json) {
      case 'string':
        this.spend(json.length + 1);
        return json;
      case 'number':
        if (json - json === 0) return json;
        this.report(`${json} is not valid JSON (it would be sent as null); send a finite number or a string`);
        return null;
      case 'boolean':
        return json;
      case 'undefined':
        // An undefined object property is simply absent in JSON, as in every JS HTTP client;
        // inside an array it would silently turn into null, so that is reported.
        if (inArray) this.report('undefined inside an array would be sent as null; use null or remove it');
        return inArray ? null : ABSENT;
      case 'bigint':
        this.report('BigInt cannot be sent as JSON; convert it to a string or number');
        return null;
      case 'function':
        this.report('a function cannot be sent as JSON; remove it');
        return null;
      case 'symbol':
        this.report('a symbol cannot be sent as JSON; convert it to a string');
        return null;
    }
    return json === null ? null : this.#container(json as object);
  }

  /** An object or array, after toJSON: copied when it is plain, reported otherwise. */
  #container(obj: object): unknown {
    try {
      if (Array.isArray(obj)) return this.#array(obj);
      const proto: unknown = Object.getPrototypeOf(obj);
      if (proto === Object.prototype || proto === null) return this.object(obj);
    } catch (err) {
      if (!(err instanceof Circular)) throw err;
      this.report('circular reference: this value contains itself and cannot be sent as JSON');
      return null;
    }
    if (obj instanceof Number || obj instanceof String || obj instanceof Boolean) {
      this.report(`${withArticle(constructorName(obj) ?? 'object')} wrapper object; send the primitive value instead`);
      return null;
    }
    const sentAs = obj instanceof Map || obj instanceof Set ? '{}' : 'its enumerable fields only';
    this.report(`${describeValue(obj)} would be sent as ${sentAs}; convert it to a plain object or array`);
    return null;
  }
}

function prototypeIsPolluted(): boolean {
  for (const _ in {}) return true;
  return false;
}
