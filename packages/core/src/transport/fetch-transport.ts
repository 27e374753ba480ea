/**
 * One HTTP attempt over the runtime's own `fetch` (Bun, Deno, Cloudflare workerd, Vercel's edge
 * runtime, or Node when chosen with `transport: 'fetch'`). Same contract as the undici transport:
 * a deadline over the whole response (body included), a cap on the body size, the caller's abort
 * signal, and no failure but an {@link AttemptFault}.
 *
 * What fetch cannot give: a bound on the sockets open to Courier, and control over their reuse.
 * The runtime pools connections its own way, so there is no connection queue here (the client
 * refuses `connections`, `queueTimeoutMs` and `dispatcher` with this transport).
 */
import { Buffer } from 'node:buffer';
import { MAX_TIMER_MS, onAbort } from '../shared/abort-listeners.js';
import { thrownText } from '../shared/thrown-text.js';
import { AttemptFault, type AttemptInput, type AttemptResponse, type Transport } from './attempt.js';

/** fetch's errors wrap the socket's (`TypeError: fetch failed`, cause `ECONNREFUSED`): report the one that says what happened. */
function detailOf(err: unknown): AttemptFault['detail'] {
  if (!(err instanceof Error)) return { message: thrownText(err) };
  const cause = (err as { cause?: unknown }).cause;
  const inner = cause instanceof Error ? cause : err;
  return { name: inner.name, code: (inner as { code?: string }).code, message: inner.message };
}

/**
 * The header list as a record: what fetch converts fastest (Node's fetch takes a record in about
 * half the time it takes the same headers as [name, value] pairs; the names are unique here).
 */
function headersOf(list: readonly string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (let i = 0; i + 1 < list.length; i += 2) record[list[i] as string] = list[i + 1] as string;
  return record;
}

/**
 * A response whose raw header list is read from fetch's `Headers` only when asked: the pipeline
 * reads headers of a failure only (request id, Retry-After), and listing them costs a sort and a
 * callback per header on every success.
 */
class FetchAttemptResponse implements AttemptResponse {
  #rawHeaders: string[] | undefined;

  constructor(
    readonly status: number,
    readonly body: Buffer,
    private readonly headers: Headers,
  ) {}

  get rawHeaders(): string[] {
    if (this.#rawHeaders === undefined) {
      const list: string[] = [];
      this.headers.forEach((value, name) => list.push(name, value));
      this.#rawHeaders = list;
    }
    return this.#rawHeaders;
  }
}

/** Reads the body up to `max` bytes; undefined when it is longer (the rest is not read). */
async function readCapped(body: ReadableStream<Uint8Array> | null, max: number): Promise<Buffer | undefined> {
  if (body === null) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/**
 * One attempt: resolves with a complete response, rejects with an {@link AttemptFault} only (the
 * fault is settled after `finally`, so a success takes no extra promise hop).
 */
async function attempt(input: AttemptInput): Promise<AttemptResponse> {
  const { request, signal, maxResponseBytes } = input;
  const controller = new AbortController();
  let fault: AttemptFault | undefined;
  const end = (reason: AttemptFault): void => {
    fault ??= reason;
    controller.abort();
  };
  const timer = setTimeout(() => end(new AttemptFault('timeout')), Math.min(input.timeoutMs, MAX_TIMER_MS));
  const unsubscribe = signal === undefined ? undefined : onAbort(signal, () => end(new AttemptFault('abort', { reason: signal.reason })));
  let outcome: AttemptResponse | AttemptFault;
  try {
    const response = await fetch(request.origin + request.path, {
      method: request.method,
      headers: headersOf(request.headers),
      body: request.body,
      signal: controller.signal,
      // undici's dispatch follows no redirect either: a 3xx is an answer, and the key never goes elsewhere.
      redirect: 'manual',
    });
    // fetch asks for gzip and decodes it itself, so Content-Length counts the compressed bytes: only
    // an uncoded body's declared length is its size. Such a body within the cap is read in one call
    // (fetch fails a body that does not match it; on Bun this is a fraction of a chunked read).
    const encoding = response.headers.get('content-encoding');
    const length = encoding === null || encoding === 'identity' ? response.headers.get('content-length') : null;
    const declared = length === null ? Number.NaN : Number(length);
    const body =
      declared > maxResponseBytes
        ? undefined
        : declared >= 0
          ? Buffer.from(await response.arrayBuffer())
          : await readCapped(response.body, maxResponseBytes);
    if (body === undefined) end(new AttemptFault('too-large'));
    outcome = fault ?? (body === undefined ? new AttemptFault('too-large') : new FetchAttemptResponse(response.status, body, response.headers));
  } catch (err) {
    // A deadline or abort aborts the fetch: its AbortError is ours, the fault says which.
    outcome = fault ?? new AttemptFault('connection', detailOf(err));
  } finally {
    clearTimeout(timer);
    unsubscribe?.();
  }
  // eslint.config.js says why a fault is no Error.
  return outcome instanceof AttemptFault ? Promise.reject(outcome) : outcome;
}

/** Sends attempts with the global `fetch` (read when each attempt is sent, so a runtime's own stays in charge). */
export class FetchTransport implements Transport {
  send(input: AttemptInput): Promise<AttemptResponse> {
    const { signal } = input;
    if (signal?.aborted) return Promise.reject(new AttemptFault('abort', { reason: signal.reason }));
    input.onSent?.();
    // A hook told of the send may abort the call's signal: then nothing goes out.
    if (signal?.aborted) return Promise.reject(new AttemptFault('abort', { reason: signal.reason }));
    return attempt(input);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
