import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { Endpoint } from './base-url.js';
import { checkClientOptions } from './client-options.js';
import { invokeMany, type InvokeManyItems, type InvokeManyOptions, type InvokeManyResult } from './invoke-many.js';
import { type AnyJourneyCatalog, type JourneyId, type JourneyRequest, type TypedJourneysInvoker } from './catalog.js';
import {
  JourneysAbortError,
  JourneysApiError,
  JourneysClosedError,
  JourneysConnectionError,
  JourneysError,
  JourneysQueueTimeoutError,
  JourneysTimeoutError,
} from './errors.js';
import { callHook, type InvokeEvent, type JourneysHooks } from './hooks.js';
import type { JourneysCallInfo, JourneysCallObserver, JourneysTelemetry } from './telemetry.js';
import { onAbort } from './abort-listeners.js';
import { ConnectionSlots } from './connection-slots.js';
import { createPool } from './pool.js';
import { createRedactor, type Redactor } from './redact.js';
import {
  DEFAULT_MAX_RETRY_AFTER_MS,
  defaultRetryDelay,
  isRetryableStatus,
  parseRetryAfter,
  retryDelayFor,
  statusRetryDelay,
  type RetryDelay,
  type RetryReason,
} from './retry-policy.js';
import { AttemptFault, findHeader, sendAttempt, type AttemptResponse } from './transport.js';
import type { InvokeOptions, InvokeRequest, InvokeResponse, JourneysInvoker } from './types.js';
import { DEFAULT_MAX_REQUEST_BYTES, prepareInvocation, type PreparedInvocation } from './validate.js';

/** Default per-attempt timeout: 30 s, counted from when the attempt is sent. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/**
 * Default connection limit: 64 sockets to Courier. Enough for a busy service (at 100 ms per call,
 * about 640 calls/s), far below a process's file-descriptor limit. Well-kept SDKs bound their pools
 * the same way (AWS SDK for JavaScript: 50 sockets; OkHttp: 64 requests; httpx: 100 connections).
 */
export const DEFAULT_CONNECTIONS = 64;
/** Default longest wait for a free connection: 60 s. */
export const DEFAULT_QUEUE_TIMEOUT_MS = 60_000;
/** Default number of retries after the first attempt. */
export const DEFAULT_MAX_RETRIES = 2;
/** Default cap on a response body: 1 MiB (an invoke answer is a few dozen bytes). */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

declare const __JOURNEYKIT_VERSION__: string;
const USER_AGENT = `journeykit/${__JOURNEYKIT_VERSION__}`;
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/** Options of {@link JourneysClient}. Every field is optional. */
export interface JourneysClientOptions<C extends AnyJourneyCatalog | undefined = undefined> {
  /** A catalog from `defineJourneys()`: types `invoke` by template ID and checks `data` against its schema. */
  catalog?: C;
  /** Courier API key. Default: `process.env.COURIER_API_KEY`. An empty string counts as missing. */
  apiKey?: string;
  /**
   * Default: `process.env.COURIER_BASE_URL`, else `https://api.courier.com`. Plain `http://` only
   * for loopback, unless {@link JourneysClientOptions.allowInsecureHttp} is set.
   */
  baseUrl?: string | URL;
  /**
   * Allow plain `http://` to a host that is not loopback, such as the fake server as a
   * docker-compose service (`http://fake-courier:4010`). The API key then crosses that network in
   * clear: only for networks you control. Default false.
   */
  allowInsecureHttp?: boolean;
  /**
   * Per-attempt timeout in ms. It starts when the attempt is sent (handed to a connection) and
   * covers the whole response, body included; time waiting for a free connection is bounded by
   * `queueTimeoutMs` instead. It is the only deadline: undici's own header and body timeouts are
   * switched off, so values above 300 s hold. Default 30 000.
   */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** Backoff between retries: a fixed delay in ms or a function of the retry number. Default {@link defaultRetryDelay}. */
  retryDelay?: RetryDelay;
  /** Longest `Retry-After` honoured, in ms; longer values wait this long. Default 60 000. */
  maxRetryAfterMs?: number;
  /**
   * Most sockets open to Courier at once; further calls wait in the client's queue, in order.
   * Default 64. With an injected `dispatcher`, the client queues only when this is given.
   */
  connections?: number;
  /**
   * Longest wait in ms for a free connection before an attempt is sent. When it runs out the call
   * rejects with `JourneysQueueTimeoutError` (nothing sent, not retried). Default 60 000.
   */
  queueTimeoutMs?: number;
  /** Use this undici dispatcher (Pool, Agent, MockAgent, ...) instead of creating a pool. It is not closed by `close()`. */
  dispatcher?: Dispatcher;
  /** Observability hooks. */
  hooks?: JourneysHooks;
  /**
   * Tracing and metrics for every call, e.g. `journeysTelemetry()` from `@journeykit/opentelemetry`.
   * Default: none (no cost on the request path).
   */
  telemetry?: JourneysTelemetry;
  /** Largest JSON body sent, in bytes; larger requests are rejected before sending. Default 1 MiB. */
  maxRequestBytes?: number;
  /** Largest response body read, in bytes; a longer answer fails the call. Default 1 MiB. */
  maxResponseBytes?: number;
}

/** `X-Idempotency-Expiration` in Unix seconds (Courier also reads ISO 8601; seconds are shorter and unambiguous). */
function expirationHeader(expiresAt: Date | undefined): string[] {
  return expiresAt === undefined ? [] : ['x-idempotency-expiration', String(Math.ceil(expiresAt.getTime() / 1000))];
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal === undefined) {
      setTimeout(resolve, ms);
      return;
    }
    // An abort that came before the wait (in a hook, say) ends it at once.
    if (signal.aborted) {
      reject(new JourneysAbortError({ cause: signal.reason }));
      return;
    }
    const unsubscribe = onAbort(signal, () => {
      clearTimeout(timer);
      reject(new JourneysAbortError({ cause: signal.reason }));
    });
    const timer = setTimeout(() => {
      unsubscribe();
      resolve();
    }, ms);
  });
}

/**
 * undici 7 refuses a `100 Continue` the request did not ask for (and any answer with no request
 * waiting for it): it destroys the socket with "bad response". That cannot be undone above undici,
 * so the error at least says what happened.
 */
const UNREADABLE_INTERIM_RESPONSE =
  ' (the server, or a proxy in between, sent an interim "100 Continue" or an answer nobody asked for; undici does not accept it)';

function isUnreadableInterimResponse(detail: AttemptFault['detail']): boolean {
  return detail !== undefined && 'code' in detail && detail.code === 'UND_ERR_SOCKET' && detail.message === 'bad response';
}

function parseBody(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Starts Courier journeys over a keep-alive undici pool. Every call is validated before it is
 * sent, carries an `Idempotency-Key` that all of its retries reuse, and is retried on
 * connection drops, timeouts, 408/409/429 and 5xx with exponential backoff (honouring
 * `Retry-After`). Failures are typed {@link JourneysError}s; the API key appears in none of
 * them, nor in `util.inspect(client)`.
 *
 * @example
 * ```ts
 * import { JourneysClient } from '@journeykit/core';
 *
 * const client = new JourneysClient(); // COURIER_API_KEY from the environment
 * const { runId } = await client.invoke('order-shipped', {
 *   user_id: 'user-123',
 *   data: { order_id: 'order-456' },
 * }, { idempotencyKey: 'order-456-shipped' });
 * await client.close();
 * ```
 */
export class JourneysClient<C extends AnyJourneyCatalog | undefined = undefined>
  implements JourneysInvoker, TypedJourneysInvoker<C>
{
  /** The API base URL requests go to (no key, safe to log). */
  readonly baseUrl: string;
  readonly #redact: Redactor;
  readonly #authorization: string;
  readonly #endpoint: Endpoint;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #retryDelay: RetryDelay;
  readonly #maxRetryAfterMs: number;
  readonly #connections: number;
  readonly #slots: ConnectionSlots | undefined;
  readonly #queueTimeoutMs: number;
  readonly #hooks: JourneysHooks | undefined;
  readonly #telemetry: JourneysTelemetry | undefined;
  readonly #maxRequestBytes: number;
  readonly #maxResponseBytes: number;
  readonly #ownsDispatcher: boolean;
  #dispatcher: Dispatcher | undefined;
  #inFlight = 0;
  #onIdle: (() => void) | undefined;
  #closing: Promise<void> | undefined;
  readonly #catalog: AnyJourneyCatalog | undefined;
  #untyped: JourneysInvoker | undefined;

  constructor(options: JourneysClientOptions<C> = {}) {
    const { apiKey, endpoint } = checkClientOptions(options);
    this.#catalog = options.catalog;
    this.#endpoint = endpoint;
    this.baseUrl = this.#endpoint.origin + this.#endpoint.pathPrefix;
    this.#redact = createRedactor(apiKey);
    this.#authorization = `Bearer ${apiKey}`;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.#retryDelay = options.retryDelay ?? defaultRetryDelay;
    this.#maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
    this.#connections = options.connections ?? DEFAULT_CONNECTIONS;
    // An injected dispatcher has its own limits, unknown here: queue in front of it only when asked to.
    this.#slots = options.dispatcher === undefined || options.connections !== undefined ? new ConnectionSlots(this.#connections) : undefined;
    this.#queueTimeoutMs = options.queueTimeoutMs ?? DEFAULT_QUEUE_TIMEOUT_MS;
    this.#hooks = options.hooks;
    this.#telemetry = options.telemetry;
    this.#maxRequestBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.#dispatcher = options.dispatcher;
    this.#ownsDispatcher = options.dispatcher === undefined;
    // Methods work detached too: `const { invoke } = client`, `items.map(client.invoke)`, DI containers.
    this.invoke = this.invoke.bind(this);
    this.close = this.close.bind(this);
  }

  /**
   * Starts journey `templateId` for the user the request names. Resolves with the run id;
   * rejects with a {@link JourneysError} (validation errors before anything is sent).
   */
  invoke<K extends JourneyId<C>>(templateId: K, request: JourneyRequest<C, K>, options?: InvokeOptions): Promise<InvokeResponse> {
    return this.#invoke(templateId, request as InvokeRequest, options, this.#catalog);
  }

  /**
   * The same client without the catalog: any template ID, no schema check. The explicit way to
   * call a journey the catalog does not (yet) declare.
   */
  get untyped(): JourneysInvoker {
    this.#untyped ??= { invoke: (templateId, request, options) => this.#invoke(templateId, request, options, undefined) };
    return this.#untyped;
  }

  #invoke(
    templateId: string,
    request: InvokeRequest,
    options: InvokeOptions | undefined,
    catalog: AnyJourneyCatalog | undefined,
  ): Promise<InvokeResponse> {
    if (this.#telemetry !== undefined) return this.#traced(templateId, request, options, catalog, this.#telemetry);
    if (this.#closing !== undefined) return Promise.reject(new JourneysClosedError());
    let prepared: PreparedInvocation;
    try {
      prepared = prepareInvocation(templateId, request, options, this.#maxRequestBytes, catalog);
    } catch (err) {
      return Promise.reject(err);
    }
    this.#inFlight++;
    return this.#run(prepared, options, undefined);
  }

  #traced(
    templateId: string,
    request: InvokeRequest,
    options: InvokeOptions | undefined,
    catalog: AnyJourneyCatalog | undefined,
    telemetry: JourneysTelemetry,
  ): Promise<InvokeResponse> {
    const url = new URL(this.#endpoint.origin);
    const info: JourneysCallInfo = {
      kind: 'invoke',
      method: 'POST',
      serverAddress: url.hostname,
      serverPort: url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port),
      templateId: typeof templateId === 'string' ? templateId : undefined,
    };
    return telemetry.traceCall(info, (observer) => {
      let prepared: PreparedInvocation;
      try {
        if (this.#closing !== undefined) throw new JourneysClosedError();
        prepared = prepareInvocation(templateId, request, options, this.#maxRequestBytes, catalog);
      } catch (err) {
        observer?.end({ ok: false, error: err as JourneysError, attempts: 0 });
        return Promise.reject(err);
      }
      info.userId = prepared.userId;
      this.#inFlight++;
      return this.#run(prepared, options, observer);
    });
  }

  /**
   * Starts a journey for every item, `concurrency` at a time, and yields each result as it
   * completes; see {@link invokeMany} for rate limiting, 429 pauses and abort.
   *
   * @example
   * ```ts
   * for await (const r of client.invokeMany(items, { concurrency: 32, ratePerSecond: 100 })) {
   *   if (!r.ok) console.error(r.index, r.error.message);
   * }
   * ```
   */
  invokeMany(items: InvokeManyItems, options?: InvokeManyOptions): AsyncIterableIterator<InvokeManyResult> {
    return invokeMany(this as JourneysInvoker, items, options);
  }

  /**
   * Stops accepting new calls (they reject with `JourneysClosedError`), waits for the calls in
   * flight to settle, then closes the connection pool. Safe to call more than once.
   */
  close(): Promise<void> {
    this.#closing ??= this.#drainAndClose();
    return this.#closing;
  }

  /** `await using client = new JourneysClient()` closes it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #drainAndClose(): Promise<void> {
    if (this.#inFlight > 0) await new Promise<void>((resolve) => (this.#onIdle = resolve));
    if (this.#ownsDispatcher) await this.#dispatcher?.close();
  }

  /** Not the key: what a log line or debugger may show. */
  [inspectSymbol](): string {
    return `JourneysClient { baseUrl: '${this.baseUrl}', apiKey: '[redacted]' }`;
  }

  /**
   * What `JSON.stringify(client)` shows: the base URL, never the key.
   *
   * @example
   * ```ts
   * JSON.stringify(new JourneysClient({ apiKey: 'sk_live_x' })); // '{"baseUrl":"https://api.courier.com"}'
   * ```
   */
  toJSON(): {
    /** The origin and path prefix calls go to. */
    baseUrl: string;
  } {
    return { baseUrl: this.baseUrl };
  }

  #getDispatcher(): Dispatcher {
    this.#dispatcher ??= createPool(this.#endpoint.origin, this.#connections);
    return this.#dispatcher;
  }

  async #run(prepared: PreparedInvocation, options: InvokeOptions | undefined, observer: JourneysCallObserver | undefined): Promise<InvokeResponse> {
    const signal = options?.signal;
    const timeoutMs = options?.timeoutMs ?? this.#timeoutMs;
    const maxRetries = options?.maxRetries ?? this.#maxRetries;
    const hooks = this.#hooks;
    const event: InvokeEvent = {
      templateId: prepared.templateId,
      idempotencyKey: options?.idempotencyKey ?? randomUUID(),
      attempt: 0,
      userId: prepared.userId,
    };
    try {
      if (signal?.aborted) throw new JourneysAbortError({ cause: signal.reason });
      const dispatcher = this.#getDispatcher();
      const request: Dispatcher.DispatchOptions = {
        origin: this.#endpoint.origin,
        path: `${this.#endpoint.pathPrefix}/journeys/${prepared.encodedTemplateId}/invoke`,
        method: 'POST',
        headers: [
          'authorization', this.#authorization,
          'content-type', 'application/json',
          'idempotency-key', event.idempotencyKey,
          'user-agent', USER_AGENT,
          ...expirationHeader(options?.idempotencyExpiresAt),
        ],
        body: prepared.body,
        // timeoutMs is the one deadline; undici's own (300 s by default, or an injected dispatcher's) would cut it short.
        headersTimeout: 0,
        bodyTimeout: 0,
      };
      let started = 0;
      const onSent =
        hooks === undefined && observer === undefined
          ? undefined
          : () => {
              if (hooks !== undefined) callHook(hooks.onRequest, { ...event });
              observer?.attemptStart?.(event.attempt);
              started = performance.now();
            };
      const slots = this.#slots;
      const queueTimeoutMs = this.#queueTimeoutMs;
      for (;;) {
        event.attempt++;
        let response: AttemptResponse;
        try {
          response = await sendAttempt({
            dispatcher,
            request,
            timeoutMs,
            signal,
            maxResponseBytes: this.#maxResponseBytes,
            slots,
            queueTimeoutMs,
            onSent,
          });
        } catch (fault) {
          // An attempt that never left the queue was not sent.
          if (fault instanceof AttemptFault && fault.kind === 'queue-timeout') event.attempt--;
          const error = this.#faultToError(fault, timeoutMs);
          if (observer !== undefined && !(fault instanceof AttemptFault && fault.kind === 'queue-timeout')) {
            observer.attemptEnd?.({ attempt: event.attempt, error, durationMs: performance.now() - started });
          }
          const reason: RetryReason = error instanceof JourneysTimeoutError ? 'timeout' : 'connection';
          if (fault instanceof AttemptFault && fault.retryable && event.attempt <= maxRetries) {
            await this.#backoff(event, reason, retryDelayFor(this.#retryDelay, event.attempt, reason), error, undefined, signal, observer);
            continue;
          }
          throw error;
        }
        const { status } = response;
        if (status >= 200 && status < 300) {
          const runId = this.#runIdOf(response);
          if (hooks !== undefined) callHook(hooks.onResponse, { ...event, status, durationMs: performance.now() - started, runId });
          if (observer !== undefined) {
            observer.attemptEnd?.({ attempt: event.attempt, status, durationMs: performance.now() - started });
            observer.end({ ok: true, runId, attempts: event.attempt });
          }
          return { runId };
        }
        if (hooks !== undefined) callHook(hooks.onResponse, { ...event, status, durationMs: performance.now() - started });
        const error = this.#apiError(response, `Courier answered ${status} to journey "${prepared.templateId}"`);
        observer?.attemptEnd?.({ attempt: event.attempt, status, error, durationMs: performance.now() - started });
        if (isRetryableStatus(status) && event.attempt <= maxRetries) {
          const delay = statusRetryDelay(error.retryAfterMs, retryDelayFor(this.#retryDelay, event.attempt, 'status'));
          await this.#backoff(event, 'status', delay, error, status, signal, observer);
          continue;
        }
        throw error;
      }
    } catch (err) {
      const error = err instanceof JourneysError ? err : new JourneysConnectionError('Unexpected failure while invoking the journey', { cause: this.#redact.error(err) });
      error.attempts = event.attempt;
      if (hooks !== undefined) callHook(hooks.onError, { ...event, error });
      observer?.end({ ok: false, error, attempts: event.attempt });
      throw error;
    } finally {
      if (--this.#inFlight === 0 && this.#onIdle !== undefined) this.#onIdle();
    }
  }

  async #backoff(
    event: InvokeEvent,
    reason: RetryReason,
    delayMs: number,
    error: JourneysError,
    status: number | undefined,
    signal: AbortSignal | undefined,
    observer: JourneysCallObserver | undefined,
  ): Promise<void> {
    error.attempts = event.attempt;
    if (this.#hooks !== undefined) callHook(this.#hooks.onRetry, { ...event, reason, delayMs, status, error });
    observer?.retry?.({ attempt: event.attempt, reason, delayMs, status, error });
    await sleep(delayMs, signal);
  }

  #runIdOf(response: AttemptResponse): string {
    const body = parseBody(response.body);
    const runId = body !== null && typeof body === 'object' ? (body as { runId?: unknown }).runId : undefined;
    if (typeof runId === 'string' && runId !== '') return this.#redact.text(runId);
    throw this.#apiError(
      response,
      typeof body === 'object' && body !== null
        ? `Courier answered ${response.status} without a runId`
        : `Courier answered ${response.status} with a body that is not JSON`,
      body,
    );
  }

  #apiError(response: AttemptResponse, message: string, parsed: unknown = parseBody(response.body)): JourneysApiError {
    const body = this.#redact.value(parsed);
    const rawRequestId = findHeader(response.rawHeaders, 'x-request-id') ?? findHeader(response.rawHeaders, 'request-id');
    const requestId = rawRequestId === undefined ? undefined : this.#redact.text(rawRequestId);
    const detail =
      body !== null && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string'
        ? `: ${(body as { message: string }).message}`
        : '';
    const retryAfterMs = parseRetryAfter(findHeader(response.rawHeaders, 'retry-after'), this.#maxRetryAfterMs);
    return new JourneysApiError(`${message}${detail}`, response.status, body, requestId, { retryAfterMs });
  }

  #faultToError(fault: unknown, timeoutMs: number): JourneysError {
    if (!(fault instanceof AttemptFault)) {
      return new JourneysConnectionError('Unexpected transport failure', { cause: this.#redact.error(fault) });
    }
    const detail = fault.detail;
    if (fault.kind === 'abort') return new JourneysAbortError({ cause: detail !== undefined && 'reason' in detail ? detail.reason : undefined });
    const cause = detail === undefined ? undefined : this.#redact.value(detail);
    const message = detail !== undefined && 'message' in detail ? detail.message : undefined;
    switch (fault.kind) {
      case 'timeout':
        return new JourneysTimeoutError(timeoutMs, { cause });
      case 'queue-timeout':
        return new JourneysQueueTimeoutError(this.#queueTimeoutMs, this.#connections);
      case 'too-large':
        return new JourneysConnectionError(
          `Courier's response was larger than ${this.#maxResponseBytes} bytes (maxResponseBytes); it was not read further`,
        );
      default:
        return new JourneysConnectionError(
          `Connection to ${this.#endpoint.origin} failed${message ? `: ${this.#redact.text(String(message))}` : ''}` +
            (isUnreadableInterimResponse(detail) ? UNREADABLE_INTERIM_RESPONSE : ''),
          { cause },
        );
    }
  }
}
