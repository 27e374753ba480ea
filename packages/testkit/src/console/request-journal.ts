/**
 * What the console shows of each request, beyond `server.requests`: the headers as received (never
 * `Authorization`, cookies or the console token), the body as text and the answer. Kept only while
 * the console is on, bounded like the server's own records.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { FakeCourierRequest } from '../fake-courier.js';
import { RecentItems } from '../recent-items.js';

/** One request as the console shows it. */
export interface JournalEntry {
  /** Position in the journal, from 1; survives older entries being dropped. */
  seq: number;
  request: FakeCourierRequest;
  headers: Record<string, string>;
  /** The body as received (the first {@link MAX_SHOWN_BYTES} bytes); undefined for a GET. */
  body: string | undefined;
  /** True when the body was longer than what is kept. */
  truncated: boolean;
  /** The body the server answered with, if it answered. */
  answer: string | undefined;
  /** Why: the note of the server's log line (user, token, status...). */
  note: string | undefined;
}

/** Most body bytes kept per request: enough to read, bounded for a dev server that runs for days. */
export const MAX_SHOWN_BYTES = 64 * 1024;
/** Most requests kept for the console. */
export const MAX_JOURNAL = 2_000;
// Credentials never reach the console's memory, so no view can show them.
const HIDDEN_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-journeykit-console-token']);

/** Attempts and replays of one Idempotency-Key on the invoke endpoint, over the journal. */
export interface KeyStats {
  attempts: number;
  replays: number;
}

interface Pending {
  headers: Record<string, string>;
  body: string | undefined;
  truncated: boolean;
}

export class RequestJournal {
  readonly #entries: RecentItems<JournalEntry>;
  // Keyed by the server's record of a request in flight: nothing is added to that record itself.
  readonly #pending = new WeakMap<object, Pending>();
  // Kept as entries come and go, so a live row costs O(1) to count, not a scan of the journal.
  readonly #keys = new Map<string, KeyStats>();
  readonly #max: number;
  #seq = 0;

  constructor(max = MAX_JOURNAL) {
    this.#max = max;
    this.#entries = new RecentItems(max);
  }

  /** Attempts and replays under `key` among the requests kept. */
  stats(key: string): KeyStats | undefined {
    return this.#keys.get(key);
  }

  /** Oldest first. */
  get entries(): readonly JournalEntry[] {
    return this.#entries.items;
  }

  arrived(key: object, headers: IncomingHttpHeaders): void {
    const shown: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined || HIDDEN_HEADERS.has(name)) continue;
      shown[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    this.#pending.set(key, { headers: shown, body: undefined, truncated: false });
  }

  body(key: object, raw: Buffer): void {
    const pending = this.#pending.get(key);
    if (pending === undefined) return;
    pending.truncated = raw.length > MAX_SHOWN_BYTES;
    pending.body = raw.subarray(0, MAX_SHOWN_BYTES).toString('utf8');
  }

  recorded(key: object, request: FakeCourierRequest, note: string | undefined, answer: string | undefined): JournalEntry {
    const pending = this.#pending.get(key);
    this.#pending.delete(key);
    const entry: JournalEntry = {
      seq: ++this.#seq,
      request,
      headers: pending?.headers ?? {},
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
