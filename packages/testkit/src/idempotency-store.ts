/**
 * Courier's idempotency semantics for the fake server: the first result for a key (success or
 * failure) is stored and replayed; a request for a key whose first request is still executing
 * is a conflict. Keys expire (default 24 h, or the `X-Idempotency-Expiration` the caller sent).
 */

/** A response as stored for replay. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The run it created, if any (replays report it too). */
  runId: string | undefined;
}

type Entry = { state: 'executing'; expiresAt: number } | { state: 'done'; expiresAt: number; response: StoredResponse };

/** Courier keeps keys for about a day. */
export const DEFAULT_KEY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Reads `X-Idempotency-Expiration`: Unix time in seconds or milliseconds, or an ISO 8601 date.
 * Returns undefined (use the default) when absent or unreadable.
 */
export function parseKeyExpiration(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    const n = Number(trimmed);
    return n < 1e12 ? n * 1000 : n;
  }
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : at;
}

export class IdempotencyStore {
  readonly #entries = new Map<string, Entry>();

  /** The live entry for `key`, forgetting it when expired. */
  lookup(key: string, now: number = Date.now()): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry !== undefined && entry.expiresAt <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  begin(key: string, expiresAt: number): void {
    this.#entries.set(key, { state: 'executing', expiresAt });
  }

  complete(key: string, response: StoredResponse): void {
    const expiresAt = this.#entries.get(key)?.expiresAt ?? Date.now() + DEFAULT_KEY_TTL_MS;
    this.#entries.set(key, { state: 'done', expiresAt, response });
  }

  /** Releases a key whose request ended without a result (nothing to replay). */
  abandon(key: string): void {
    if (this.#entries.get(key)?.state === 'executing') this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}
