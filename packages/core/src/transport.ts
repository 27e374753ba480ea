/**
 * One HTTP attempt over an undici dispatcher, with a deadline that covers the whole response
 * (headers and body), a cap on the body size, and the caller's abort signal. It speaks undici's
 * handler protocol directly: no stream objects per call, which keeps the hot path lean.
 * It never retries and never throws anything but {@link AttemptFault}.
 */
import type { Dispatcher } from 'undici';
import { MAX_TIMER_MS, onAbort } from './abort-listeners.js';

/** Why an attempt produced no complete response. */
export type AttemptFaultKind = 'timeout' | 'connection' | 'abort' | 'too-large';

/** Internal: the one kind of failure an attempt reports; the client turns it into a public error. */
export class AttemptFault {
  constructor(
    readonly kind: AttemptFaultKind,
    /** What undici said, reduced to name/code/message (never headers); for an abort, the signal's reason. */
    readonly detail?: { name?: string; code?: string; message?: string } | { reason: unknown },
    /** False when repeating the attempt cannot help (an abort, a bad argument, an oversized answer). */
    readonly retryable: boolean = kind === 'timeout' || kind === 'connection',
  ) {}
}

/** A complete response. */
export interface AttemptResponse {
  status: number;
  /** undici's raw header list: name, value, name, value, ... */
  rawHeaders: (Buffer | string)[];
  body: Buffer;
}

export interface AttemptInput {
  dispatcher: Dispatcher;
  request: Dispatcher.DispatchOptions;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  maxResponseBytes: number;
}

const NON_RETRYABLE_UNDICI_CODES = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED']);

function detailOf(err: unknown): AttemptFault['detail'] {
  if (err instanceof Error) {
    return { name: err.name, code: (err as { code?: string }).code, message: err.message };
  }
  return { message: String(err) };
}

class AttemptHandler {
  private status = 0;
  private rawHeaders: (Buffer | string)[] = [];
  private chunks: Buffer[] = [];
  private size = 0;
  private abortRequest: ((reason?: unknown) => void) | undefined;
  private settled = false;
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: (() => void) | undefined;

  constructor(
    private readonly resolve: (res: AttemptResponse) => void,
    private readonly reject: (fault: AttemptFault) => void,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    private readonly maxResponseBytes: number,
  ) {
    this.timer = setTimeout(() => this.fail(new AttemptFault('timeout')), Math.min(timeoutMs, MAX_TIMER_MS));
    this.unsubscribe = signal === undefined ? undefined : onAbort(signal, () => this.fail(new AttemptFault('abort', { reason: signal.reason })));
  }

  private finish(): void {
    this.settled = true;
    clearTimeout(this.timer);
    this.unsubscribe?.();
  }

  /** Settles with a fault and tells undici to stop (not yet written: never sent; in flight: socket closed). */
  private fail(fault: AttemptFault): void {
    if (this.settled) return;
    this.finish();
    this.reject(fault);
    this.abortRequest?.(new Error(`journeykit: attempt ended (${fault.kind})`));
  }

  onConnect(abort: (reason?: unknown) => void): void {
    if (this.settled) abort(new Error('journeykit: attempt ended before it was sent'));
    else this.abortRequest = abort;
  }

  onHeaders(status: number, rawHeaders: (Buffer | string)[]): boolean {
    this.status = status;
    this.rawHeaders = rawHeaders;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.size += chunk.length;
    if (this.size > this.maxResponseBytes) {
      this.fail(new AttemptFault('too-large'));
      return false;
    }
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    if (this.settled) return;
    this.finish();
    const body = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.size);
    this.resolve({ status: this.status, rawHeaders: this.rawHeaders, body });
  }

  onError(err: unknown): void {
    if (this.settled) return;
    this.finish();
    const code = (err as { code?: string } | null)?.code;
    this.reject(
      new AttemptFault(
        code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT'
          ? 'timeout'
          : 'connection',
        detailOf(err),
        !(code !== undefined && NON_RETRYABLE_UNDICI_CODES.has(code)),
      ),
    );
  }

  onUpgrade(): void {
    this.onError(new Error('unexpected protocol upgrade'));
  }
}

/** Sends one attempt. Resolves with any complete response (any status); rejects with an {@link AttemptFault}. */
export function sendAttempt(input: AttemptInput): Promise<AttemptResponse> {
  const { signal } = input;
  // An abort that came while the call was getting ready must stop it before anything is sent.
  if (signal?.aborted) return Promise.reject(new AttemptFault('abort', { reason: signal.reason }));
  return new Promise<AttemptResponse>((resolve, reject) => {
    const handler = new AttemptHandler(resolve, reject, input.timeoutMs, input.signal, input.maxResponseBytes);
    try {
      input.dispatcher.dispatch(input.request, handler as unknown as Dispatcher.DispatchHandler);
    } catch (err) {
      handler.onError(err);
    }
  });
}

/** Reads one header (case-insensitive) from undici's raw header list. */
export function findHeader(rawHeaders: readonly (Buffer | string)[], name: string): string | undefined {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const key = rawHeaders[i] as Buffer | string;
    if (key.length === name.length && key.toString().toLowerCase() === name) return (rawHeaders[i + 1] as Buffer | string).toString();
  }
  return undefined;
}
