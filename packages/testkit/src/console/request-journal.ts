/**
 * What the console shows of each request beyond `server.requests`: the headers and body as
 * received and the answer. Only references are kept (Node's raw header list, the body buffer, the
 * answer text): no copy, no parsing and no rendering on the request path. Credentials are dropped
 * when a view reads the headers, so no view can show them. Bounded like the server's own records.
 */
import type { FakeCourierRequest } from '../fake-courier.js';
import { RecentItems } from '../recent-items.js';

/** One request as the console shows it. */
export interface JournalEntry {
  /** Position in the journal, from 1; survives older entries being dropped. */
  seq: number;
  request: FakeCourierRequest;
  /** Node's `rawHeaders`: name, value, name, value... Read through {@link shownHeaders}. */
  rawHeaders: readonly string[];
  /** The body as received (its first {@link MAX_SHOWN_BYTES} bytes); undefined for a GET. */
  body: Buffer | undefined;
  /** True when the body was longer than what is kept. */
  truncated: boolean;
  /** The body the server answered with, if it answered. */
  answer: string | undefined;
  /** Why: the note of the server's log line (user, token, status...). */
  note: string | undefined;
}

/** Attempts and replays of one Idempotency-Key on the invoke endpoint. */
export interface KeyStats {
  attempts: number;
  replays: number;
}

/** Most body bytes kept per request: enough to read, bounded for a dev server that runs for days. */
export const MAX_SHOWN_BYTES = 64 * 1024;
/** Most requests kept for the console. */
export const MAX_JOURNAL = 2_000;
const HIDDEN_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-journeykit-console-token']);
const NO_HEADERS: readonly string[] = Object.freeze([]);

/** The headers a view may show: as received, in order, without credentials or cookies. */
export function shownHeaders(entry: JournalEntry): [string, string][] {
  const shown: [string, string][] = [];
  for (let i = 0; i + 1 < entry.rawHeaders.length; i += 2) {
    const name = (entry.rawHeaders[i] as string).toLowerCase();
    if (!HIDDEN_HEADERS.has(name)) shown.push([name, entry.rawHeaders[i + 1] as string]);
  }
  return shown;
}

interface Pending {
  rawHeaders: readonly string[];
  body: Buffer | undefined;
  truncated: boolean;
}

export class RequestJournal {
  readonly #entries: RecentItems<JournalEntry>;
  // Keyed by the server's record of a request in flight: nothing is added to that record itself.
  readonly #pending = new WeakMap<object, Pending>();
  // Kept as entries come and go: a live row is counted in O(1), not by a scan of the journal.
  readonly #keys = new Map<string, KeyStats>();
  readonly #max: number;
  #seq = 0;

  constructor(max = MAX_JOURNAL) {
    this.#max = max;
    this.#entries = new RecentItems(max);
  }

  /** Oldest first. */
  get entries(): readonly JournalEntry[] {
    return this.#entries.items;
  }

  /** Attempts and replays under `key` among the requests kept. */
  stats(key: string): KeyStats | undefined {
    return this.#keys.get(key);
  }

  arrived(key: object, rawHeaders: readonly string[]): void {
    this.#pending.set(key, { rawHeaders, body: undefined, truncated: false });
  }

  body(key: object, raw: Buffer): void {
    const pending = this.#pending.get(key);
    if (pending === undefined) return;
    // A big body is copied down to what is shown, so the journal never pins megabytes.
    pending.truncated = raw.length > MAX_SHOWN_BYTES;
    pending.body = pending.truncated ? Buffer.from(raw.subarray(0, MAX_SHOWN_BYTES)) : raw;
  }

  recorded(key: object, request: FakeCourierRequest, note: string | undefined, answer: string | undefined): JournalEntry {
    const pending = this.#pending.get(key);
    this.#pending.delete(key);
    const entry: JournalEntry = {
      seq: ++this.#seq,
      request,
      rawHeaders: pending?.rawHeaders ?? NO_HEADERS,
      body: pending?.body,
      truncated: pending?.truncated ?? false,
      answer,
      note,
    };
    if (this.#entries.items.length >= this.#max) this.#count(this.#entries.items[0] as JournalEntry, -1);
    this.#entries.push(entry);
    this.#count(entry, 1);
    return entry;
  }

  clear(): void {
    this.#entries.clear();
    this.#keys.clear();
  }

  #count({ request }: JournalEntry, by: 1 | -1): void {
    const key = request.idempotencyKey;
    if (request.endpoint !== 'invoke' || key === undefined) return;
    let stats = this.#keys.get(key);
    if (stats === undefined) this.#keys.set(key, (stats = { attempts: 0, replays: 0 }));
    if (request.outcome === 'replayed') stats.replays += by;
    else stats.attempts += by;
    if (stats.attempts === 0 && stats.replays === 0) this.#keys.delete(key);
  }
}
