/**
 * Courier's idempotency semantics for the fake server: the first result for a key (success or
 * failure) is stored and replayed; a request for a key whose first request is still executing
 * is a conflict. Keys expire like Courier's (25 h by default, or the `X-Idempotency-Expiration`
 * the caller sent, held to Courier's 24 h to 1 year), and the store is bounded, so a dev server can
 * run for days. Time comes from the server's clock, so a test can move it by days.
 */
import { MAX_KEY_EXPIRATION_MS, MIN_KEY_EXPIRATION_MS, isoTimeSpan } from '@journeykit/core/internal';

/** A response as stored for replay. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The run it created, if any (replays report it too). */
  runId: string | undefined;
}

type Entry = { state: 'executing'; expiresAt: number } | { state: 'done'; expiresAt: number; response: StoredResponse };

/** Courier keeps a key for 25 h unless `X-Idempotency-Expiration` asks for longer. */
export const DEFAULT_KEY_TTL_MS = 25 * 60 * 60 * 1000;
/** The longest `X-Idempotency-Expiration` Courier honours: one year. */
export const MAX_KEY_TTL_MS = MAX_KEY_EXPIRATION_MS;
/**
 * The shortest: "The minimum value that can be set is 24 hours" (trycourier/docs
 * `reference/idempotent-requests.mdx`). A shorter one is held to it (Courier's answer to one is
 * not documented: see the README's "Where the fake differs from Courier").
 */
const MIN_KEY_TTL_MS = MIN_KEY_EXPIRATION_MS;
/** Most keys the fake server remembers; beyond it the oldest are forgotten first. */
export const DEFAULT_MAX_KEYS = 100_000;
// Expired keys that nobody asks about again are swept at most this often (a sweep is O(keys)).
const SWEEP_EVERY_MS = 60_000;

/**
 * Reads `X-Idempotency-Expiration` in the forms Courier documents: ISO 8601 (its docs and its SDK),
 * epoch milliseconds (its docs) or Unix seconds (its SDK's docs); a number under 10^12 is read as
 * seconds (10^12 s is the year 33658). Returns the time asked for, or undefined (use the default)
 * when absent or in no such form.
 */
export function parseKeyExpiration(value: string | undefined): number | undefined {
  const trimmed = value?.trim();
  if (trimmed === undefined || trimmed === '') return undefined;
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) {
    const n = Number(trimmed);
    return n < 1e12 ? Math.round(n * 1000) : n;
  }
  return isoTimeSpan(trimmed)?.from;
}

/**
 * How long the fake keeps a key whose request asked for `requested`: within Courier's range, at
 * least 24 hours and at most 1 year from `now` (idempotent-requests.mdx: "The minimum value that can
 * be set is 24 hours. The maximum value that can be set is 1 year."). The one place the range is applied.
 */
function keyKeptUntil(requested: number, now: number): number {
  return Math.min(Math.max(requested, now + MIN_KEY_TTL_MS), now + MAX_KEY_TTL_MS);
}

/** Limits of an {@link IdempotencyStore}. */
export interface IdempotencyLimits {
  /** How long a key lives without `X-Idempotency-Expiration`. */
  ttlMs: number;
  /** Most keys kept; the oldest go first. */
  maxKeys: number;
}

export class IdempotencyStore {
  // A Map iterates in insertion order: the first entries are the oldest keys.
  readonly #entries = new Map<string, Entry>();
  readonly #limits: IdempotencyLimits;
  readonly #now: () => number;
  #lastSweep: number;

  constructor(limits: IdempotencyLimits = { ttlMs: DEFAULT_KEY_TTL_MS, maxKeys: DEFAULT_MAX_KEYS }, now: () => number = Date.now) {
    this.#limits = limits;
    this.#now = now;
    this.#lastSweep = now();
  }

  /** Keys held right now (expired ones may linger until the next sweep). */
  get size(): number {
    return this.#entries.size;
  }

  /** When a key first seen `now` expires, given its `X-Idempotency-Expiration` header. */
  expiryFor(header: string | undefined, now: number = this.#now()): number {
    const requested = parseKeyExpiration(header);
    return requested === undefined ? now + this.#limits.ttlMs : keyKeptUntil(requested, now);
  }

  /** The live entry for `key`, forgetting it when expired. */
  lookup(key: string, now: number = this.#now()): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry !== undefined && entry.expiresAt <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  begin(key: string, expiresAt: number, now: number = this.#now()): void {
    if (now - this.#lastSweep >= SWEEP_EVERY_MS) this.#sweep(now);
    this.#entries.set(key, { state: 'executing', expiresAt });
    if (this.#entries.size > this.#limits.maxKeys) this.#forgetOldest(key);
  }

  complete(key: string, response: StoredResponse): void {
    const expiresAt = this.#entries.get(key)?.expiresAt ?? this.#now() + this.#limits.ttlMs;
    this.#entries.set(key, { state: 'done', expiresAt, response });
  }

  /** Releases a key whose request ended without a result (nothing to replay). */
  abandon(key: string): void {
    if (this.#entries.get(key)?.state === 'executing') this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }

  /**
   * Forgets the oldest keys, down to 1% under the limit (never `keep`, the key just begun). In
   * batches: a Map skips its deleted slots on every new iteration until it compacts, so deleting
   * one key per request from the front would cost O(keys) each time.
   */
  #forgetOldest(keep: string): void {
    const target = this.#limits.maxKeys - Math.floor(this.#limits.maxKeys / 100);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= target) break;
      if (oldest !== keep) this.#entries.delete(oldest);
    }
  }

  #sweep(now: number): void {
    this.#lastSweep = now;
    for (const [key, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(key);
  }
}
