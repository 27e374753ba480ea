import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { DEFAULT_BASE_URL, parseBaseUrl, type Endpoint } from './base-url.js';
import { isJourneyCatalog, type AnyJourneyCatalog, type JourneyId, type JourneyRequest, type TypedJourneysInvoker } from './catalog.js';
import {
  JourneysAbortError,
  JourneysApiError,
  JourneysClosedError,
  JourneysConfigurationError,
  JourneysConnectionError,
  JourneysError,
  JourneysTimeoutError,
} from './errors.js';
import { callHook, type InvokeEvent, type JourneysHooks } from './hooks.js';
import { MAX_TIMER_MS, onAbort } from './abort-listeners.js';
import { createPool } from './pool.js';
import {
  DEFAULT_MAX_RETRY_AFTER_MS,
  defaultRetryDelay,
  isRetryableStatus,
  parseRetryAfter,
  retryDelayFor,
  type RetryDelay,
  type RetryReason,
} from './retry-policy.js';
import { AttemptFault, findHeader, sendAttempt, type AttemptResponse } from './transport.js';
import type { InvokeOptions, InvokeRequest, InvokeResponse, JourneysInvoker } from './types.js';
import { DEFAULT_MAX_REQUEST_BYTES, prepareInvocation, type PreparedInvocation } from './validate.js';

/** Default per-attempt timeout: 30 s. */
export const DEFAULT_TIMEOUT_MS = 30_000;
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
  /** Default: `process.env.COURIER_BASE_URL`, else `https://api.courier.com`. `http://` only for loopback. */
  baseUrl?: string | URL;
  /** Per-attempt timeout in ms, covering the whole response. Default 30 000. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** Backoff between retries: a fixed delay in ms or a function of the retry number. Default {@link defaultRetryDelay}. */
  retryDelay?: RetryDelay;
  /** Longest `Retry-After` honoured, in ms; longer values wait this long. Default 60 000. */
  maxRetryAfterMs?: number;
  /** Most sockets the pool opens to Courier. Default: unlimited (undici's default). */
  connections?: number;
  /** Use this undici dispatcher (Pool, Agent, MockAgent, ...) instead of creating a pool. It is not closed by `close()`. */
  dispatcher?: Dispatcher;
  /** Observability hooks. */
  hooks?: JourneysHooks;
  /** Largest JSON body sent, in bytes; larger requests are rejected before sending. Default 1 MiB. */
  maxRequestBytes?: number;
  /** Largest response body read, in bytes; a longer answer fails the call. Default 1 MiB. */
  maxResponseBytes?: number;
}

/** `X-Idempotency-Expiration` in Unix seconds (Courier also reads ISO 8601; seconds are shorter and unambiguous). */
function expirationHeader(expiresAt: Date | undefined): string[] {
  return expiresAt === undefined ? [] : ['x-idempotency-expiration', String(Math.ceil(expiresAt.getTime() / 1000))];
}

function positive(name: string, value: unknown, integer = false, max = Number.MAX_SAFE_INTEGER): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !(value > 0) || !(value <= max) || (integer && !Number.isInteger(value))) {
    throw new JourneysConfigurationError(
      `${name} must be a positive ${integer ? 'whole ' : ''}number${max < Number.MAX_SAFE_INTEGER ? ` up to ${max}` : ''}, got ${String(value)}`,
    );
  }
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
  readonly #apiKey: string;
  readonly #authorization: string;
  readonly #endpoint: Endpoint;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #retryDelay: RetryDelay;
  readonly #maxRetryAfterMs: number;
  readonly #connections: number | undefined;
  readonly #hooks: JourneysHooks | undefined;
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
    if (options === null || typeof options !== 'object') {
      throw new JourneysConfigurationError('JourneysClient options must be an object');
    }
    const apiKey = options.apiKey ?? process.env.COURIER_API_KEY;
    if (typeof apiKey !== 'string' || apiKey.trim() === '') {
      throw new JourneysConfigurationError(
        'No Courier API key: pass { apiKey } or set COURIER_API_KEY (an empty string counts as missing)',
      );
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(apiKey)) {
      throw new JourneysConfigurationError('The Courier API key contains control characters; check how it is loaded');
    }
    positive('timeoutMs', options.timeoutMs, false, MAX_TIMER_MS);
    positive('maxRetryAfterMs', options.maxRetryAfterMs, false, MAX_TIMER_MS);
    positive('connections', options.connections, true);
    positive('maxRequestBytes', options.maxRequestBytes, true);
    positive('maxResponseBytes', options.maxResponseBytes, true);
    if (options.maxRetries !== undefined && !(Number.isInteger(options.maxRetries) && options.maxRetries >= 0)) {
      throw new JourneysConfigurationError(`maxRetries must be a whole number >= 0, got ${String(options.maxRetries)}`);
    }
    const rd = options.retryDelay;
    if (rd !== undefined && typeof rd !== 'function' && !(typeof rd === 'number' && rd >= 0)) {
      throw new JourneysConfigurationError('retryDelay must be a number of ms >= 0 or a function');
    }
    if (options.catalog !== undefined && !isJourneyCatalog(options.catalog)) {
      throw new JourneysConfigurationError('catalog must be made by defineJourneys()');
    }
    this.#catalog = options.catalog;
    const baseUrl = options.baseUrl ?? (process.env.COURIER_BASE_URL || DEFAULT_BASE_URL);
    this.#endpoint = parseBaseUrl(baseUrl);
    this.baseUrl = this.#endpoint.origin + this.#endpoint.pathPrefix;
    this.#apiKey = apiKey;
    this.#authorization = `Bearer ${apiKey}`;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.#retryDelay = rd ?? defaultRetryDelay;
    this.#maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
    this.#connections = options.connections;
    this.#hooks = options.hooks;
    this.#maxRequestBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.#dispatcher = options.dispatcher;
    this.#ownsDispatcher = options.dispatcher === undefined;
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
    if (this.#closing !== undefined) return Promise.reject(new JourneysClosedError());
    let prepared: PreparedInvocation;
    try {
      prepared = prepareInvocation(templateId, request, options, this.#maxRequestBytes, catalog);
    } catch (err) {
      return Promise.reject(err);
    }
    this.#inFlight++;
    return this.#run(prepared, options);
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

  toJSON(): { baseUrl: string } {
    return { baseUrl: this.baseUrl };
  }

  #getDispatcher(): Dispatcher {
    this.#dispatcher ??= createPool(this.#endpoint.origin, this.#connections);
    return this.#dispatcher;
  }

  async #run(prepared: PreparedInvocation, options: InvokeOptions | undefined): Promise<InvokeResponse> {
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
      };
      for (;;) {
        event.attempt++;
        if (hooks !== undefined) callHook(hooks.onRequest, { ...event });
        const started = hooks?.onResponse !== undefined ? performance.now() : 0;
        let response: AttemptResponse;
        try {
          response = await sendAttempt({ dispatcher, request, timeoutMs, signal, maxResponseBytes: this.#maxResponseBytes });
        } catch (fault) {
          const error = this.#faultToError(fault, timeoutMs);
          const reason: RetryReason = error instanceof JourneysTimeoutError ? 'timeout' : 'connection';
          if (fault instanceof AttemptFault && fault.retryable && event.attempt <= maxRetries) {
            await this.#backoff(event, reason, retryDelayFor(this.#retryDelay, event.attempt, reason), error, undefined, signal);
            continue;
          }
          throw error;
        }
        const { status } = response;
        if (status >= 200 && status < 300) {
          const runId = this.#runIdOf(response);
          if (hooks !== undefined) callHook(hooks.onResponse, { ...event, status, durationMs: performance.now() - started, runId });
          return { runId };
        }
        if (hooks !== undefined) callHook(hooks.onResponse, { ...event, status, durationMs: performance.now() - started });
        const error = this.#apiError(response, `Courier answered ${status} to journey "${prepared.templateId}"`);
        if (isRetryableStatus(status) && event.attempt <= maxRetries) {
          const retryAfter = parseRetryAfter(findHeader(response.rawHeaders, 'retry-after'), this.#maxRetryAfterMs);
          const delay = retryAfter ?? retryDelayFor(this.#retryDelay, event.attempt, 'status');
          await this.#backoff(event, 'status', delay, error, status, signal);
          continue;
        }
        throw error;
      }
    } catch (err) {
      const error = err instanceof JourneysError ? err : new JourneysConnectionError('Unexpected failure while invoking the journey', { cause: this.#redacted(err) });
      error.attempts = event.attempt;
      if (hooks !== undefined) callHook(hooks.onError, { ...event, error });
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
  ): Promise<void> {
    error.attempts = event.attempt;
    if (this.#hooks !== undefined) callHook(this.#hooks.onRetry, { ...event, reason, delayMs, status, error });
    await sleep(delayMs, signal);
  }

  #runIdOf(response: AttemptResponse): string {
    const body = parseBody(response.body);
    const runId = body !== null && typeof body === 'object' ? (body as { runId?: unknown }).runId : undefined;
    if (typeof runId === 'string' && runId !== '') return runId;
    throw this.#apiError(
      response,
      typeof body === 'object' && body !== null
        ? `Courier answered ${response.status} without a runId`
        : `Courier answered ${response.status} with a body that is not JSON`,
      body,
    );
  }

  #apiError(response: AttemptResponse, message: string, parsed: unknown = parseBody(response.body)): JourneysApiError {
    const body = this.#redacted(parsed);
    const requestId = findHeader(response.rawHeaders, 'x-request-id') ?? findHeader(response.rawHeaders, 'request-id');
    const detail =
      body !== null && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string'
        ? `: ${(body as { message: string }).message}`
        : '';
    return new JourneysApiError(`${message}${detail}`, response.status, body, requestId);
  }

  #faultToError(fault: unknown, timeoutMs: number): JourneysError {
    if (!(fault instanceof AttemptFault)) {
      return new JourneysConnectionError('Unexpected transport failure', { cause: this.#redacted(fault) });
    }
    const detail = fault.detail;
    if (fault.kind === 'abort') return new JourneysAbortError({ cause: detail !== undefined && 'reason' in detail ? detail.reason : undefined });
    const cause = detail === undefined ? undefined : this.#redacted(detail);
    const message = detail !== undefined && 'message' in detail ? detail.message : undefined;
    switch (fault.kind) {
      case 'timeout':
        return new JourneysTimeoutError(timeoutMs, { cause });
      case 'too-large':
        return new JourneysConnectionError(
          `Courier's response was larger than ${this.#maxResponseBytes} bytes (maxResponseBytes); it was not read further`,
        );
      default:
        return new JourneysConnectionError(
          `Connection to ${this.#endpoint.origin} failed${message ? `: ${this.#redacted(message)}` : ''}`,
          { cause },
        );
    }
  }

  /**
   * Servers and proxies sometimes echo request headers; the key must not ride back out in an
   * error. Keys shorter than 8 characters are test keys, and replacing them would mangle text.
   */
  #redacted<T>(value: T): T {
    if (value === undefined || value === null) return value;
    if (value instanceof Error) {
      return { name: value.name, code: (value as { code?: unknown }).code, message: this.#redacted(value.message) } as T;
    }
    const key = this.#apiKey;
    if (key.length < 8) return value;
    if (typeof value === 'string') return (value.includes(key) ? value.split(key).join('[redacted]') : value) as T;
    if (typeof value === 'object') {
      const json = JSON.stringify(value);
      // Inside JSON the key may appear escaped (a quote or backslash in it).
      const escaped = JSON.stringify(key).slice(1, -1);
      if (json === undefined || (!json.includes(key) && !json.includes(escaped))) return value;
      return JSON.parse(json.split(escaped).join('[redacted]').split(key).join('[redacted]')) as T;
    }
    return value;
  }
}
