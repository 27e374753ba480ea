/**
 * What the console shows of a request beyond `server.requests`: the headers and body as received,
 * the answer and why. Kept only for requests that arrive while a browser is watching: with nobody
 * watching the request path does nothing for the console (the views then read what the server
 * records anyway: `requests` and `invocations`). Only references are kept (Node's raw header
 * list, the body buffer, the answer text), in a WeakMap keyed by the server's own request record,
 * so they are dropped with it (within `maxRecords`). Credentials are left out when a view reads
 * the headers, so no view can show them.
 */
import type { FakeCourierRequest } from '../server/fake-courier.js';

/** One request as the console shows it: the server's record, and the details if they were kept. */
export interface JournalEntry {
  request: FakeCourierRequest;
  /** False when the request arrived with nobody watching: no headers, body, answer or note. */
  kept: boolean;
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
const MAX_SHOWN_BYTES = 64 * 1024;
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

/** Counts one request in `stats` when it is an invoke with an Idempotency-Key. */
export function countRequest(stats: Map<string, KeyStats>, request: FakeCourierRequest): void {
  const key = request.idempotencyKey;
  if (key === undefined || request.endpoint !== 'invoke') return;
  let s = stats.get(key);
  if (s === undefined) stats.set(key, (s = { attempts: 0, replays: 0 }));
  if (request.outcome === 'replayed') s.replays++;
  else s.attempts++;
}

/** Attempts and replays per Idempotency-Key over the server's requests (a scan: for a page, or a watcher's first row). */
export function keyStats(requests: readonly FakeCourierRequest[]): Map<string, KeyStats> {
  const stats = new Map<string, KeyStats>();
  for (const request of requests) countRequest(stats, request);
  return stats;
}

interface Details {
  rawHeaders: readonly string[];
  body: Buffer | undefined;
  truncated: boolean;
  answer?: string;
  note?: string;
}

export class RequestJournal {
  // Keyed by the server's record of a request in flight, then by the request entry it recorded.
  readonly #pending = new WeakMap<object, Details>();
  readonly #details = new WeakMap<FakeCourierRequest, Details>();

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
    const details: Details = this.#pending.get(key) ?? { rawHeaders: NO_HEADERS, body: undefined, truncated: false };
    this.#pending.delete(key);
    details.note = note;
    details.answer = answer;
    this.#details.set(request, details);
    return this.entry(request);
  }

  /** A request with its details, when they were kept. */
  entry(request: FakeCourierRequest): JournalEntry {
    const d = this.#details.get(request);
    return {
      request,
      kept: d !== undefined,
      rawHeaders: d?.rawHeaders ?? NO_HEADERS,
      body: d?.body,
      truncated: d?.truncated ?? false,
      answer: d?.answer,
      note: d?.note,
    };
  }
}
