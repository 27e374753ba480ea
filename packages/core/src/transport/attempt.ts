/**
 * What the request pipeline hands a transport and what it gets back: one HTTP attempt, described
 * without naming the library that sends it. The undici transport (transport.ts) and the fetch
 * transport (fetch-transport.ts) both speak it; the pipeline knows only this file.
 */
import type { ConnectionSlots } from './connection-slots.js';

/** Why an attempt produced no complete response. */
export type AttemptFaultKind = 'timeout' | 'connection' | 'abort' | 'too-large' | 'queue-timeout';

/** Internal: the one kind of failure an attempt reports; the pipeline turns it into a public error. */
export class AttemptFault {
  constructor(
    readonly kind: AttemptFaultKind,
    /** What the HTTP library said, reduced to name/code/message (never headers); for an abort, the signal's reason. */
    readonly detail?: { name?: string; code?: string; message?: string } | { reason: unknown },
  ) {}

  /** The library's error code, when there is one (`UND_ERR_SOCKET`, `ECONNREFUSED`, ...). */
  get code(): string | undefined {
    const detail = this.detail;
    return detail !== undefined && 'code' in detail ? detail.code : undefined;
  }
}

/** A complete response. */
export interface AttemptResponse {
  status: number;
  /** The raw header list: name, value, name, value, ... (undici's own shape, no copy on its path). */
  rawHeaders: (Buffer | string)[];
  body: Buffer;
}

/**
 * One request as the pipeline builds it. The object is undici's `DispatchOptions` as it is (the
 * fast path passes it through untouched); the fetch transport reads the same fields.
 */
export interface AttemptRequest {
  origin: string;
  path: string;
  method: 'GET' | 'POST';
  /** name, value, name, value, ... */
  headers: string[];
  /** The JSON body's bytes, one Buffer for every attempt of a call. */
  body: Buffer | undefined;
  headersTimeout: number;
  bodyTimeout: number;
}

/** One attempt: the request and the limits it runs under. */
export interface AttemptInput {
  request: AttemptRequest;
  /** Deadline of the attempt once it is sent. */
  timeoutMs: number;
  signal: AbortSignal | undefined;
  maxResponseBytes: number;
  /** The client's connection limit; without it, the attempt is dispatched at once. */
  slots?: ConnectionSlots | undefined;
  /** Longest wait for a free connection. */
  queueTimeoutMs?: number;
  /** Called when the attempt is handed to a connection (after any wait). */
  onSent?: (() => void) | undefined;
}

/**
 * Sends attempts for one client. `send` resolves with any complete response (any status) and
 * rejects with an {@link AttemptFault} only; `close` releases what the transport owns.
 */
export interface Transport {
  send(input: AttemptInput): Promise<AttemptResponse>;
  close(): Promise<void>;
}

/**
 * How a client sends: `'undici'` (Node's fast path: a keep-alive pool with a connection limit) or
 * `'fetch'` (the runtime's own `fetch`; the default on Bun, Deno, workerd and edge runtimes).
 *
 * @example
 * ```ts
 * const transport: TransportName = 'fetch';
 * const client = new JourneysClient({ transport });
 * ```
 */
export type TransportName = 'undici' | 'fetch';

/** Every {@link TransportName}, for the option check. */
export const TRANSPORT_NAMES: readonly TransportName[] = ['undici', 'fetch'];
