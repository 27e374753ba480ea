import type { Dispatcher } from 'undici';
import { checkClientOptions, defaults } from './client-options.js';
import { invokeMany, type InvokeManyItems, type InvokeManyOptions, type InvokeManyResult } from '../bulk/invoke-many.js';
import { type AnyJourneyCatalog, type JourneyId, type JourneyRequest, type TypedJourneysInvoker } from '../catalog/catalog.js';
import { cancelCall, invokeCall, runGetCall, runStepsCall, runsPageCall } from '../calls/endpoints.js';
import { readJourneyDefinitions } from '../calls/journey-reads.js';
import type { JourneyDefinitionReads } from '../contract/journey-definitions.js';
import type {
  CancelOptions,
  CancelRequest,
  CancelResultOf,
  JourneyRun,
  JourneyRuns,
  JourneysLifecycle,
  JourneyRunsFilter,
  LifecycleCallOptions,
} from '../contract/journey-runs.js';
import { cancelBody, checkRunId, runsQuery } from '../input/lifecycle-input.js';
import { followRunPages } from '../calls/run-pages.js';
import { waitForRun } from '../calls/run-wait.js';
import { ErrorMapper } from '../pipeline/error-mapping.js';
import type { JourneysHooks } from '../pipeline/hooks.js';
import type { JourneysTelemetry } from '../pipeline/telemetry.js';
import { ConnectionSlots } from '../transport/connection-slots.js';
import type { Transport, TransportName } from '../transport/attempt.js';
import { FetchTransport } from '../transport/fetch-transport.js';
import { undiciTransport } from '../transport/transport-choice.js';
import { createRedactor } from '../shared/redact.js';
import { defaultRetryDelay, type RetryDelay } from '../transport/retry-policy.js';
import { RequestPipeline } from '../pipeline/request-pipeline.js';
import type { InvokeOptions, InvokeRequest, InvokeResponse, JourneysInvoker } from '../contract/types.js';
import { prepareInvocation } from '../input/validate.js';

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
  retryDelayMs?: RetryDelay;
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
  /** Use this undici dispatcher (Pool, Agent, MockAgent, ...) instead of creating a pool. It is not closed by `close()`. Needs the undici transport. */
  dispatcher?: Dispatcher;
  /**
   * How requests are sent. `'undici'`: a keep-alive undici pool with the connection limit (the
   * default on Node). `'fetch'`: the runtime's own `fetch` (the default on Bun, Deno, Cloudflare
   * workerd and edge runtimes, picked by the package's `exports` conditions). Everything else
   * (validation, idempotency key, retries, deadline, response cap, typed errors, redaction) is the
   * same; fetch has no connection limit, so `connections`, `queueTimeoutMs` and `dispatcher` are
   * refused with it.
   *
   * @example
   * ```ts
   * const client = new JourneysClient({ transport: 'fetch' });
   * ```
   */
  transport?: TransportName;
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
  implements JourneysInvoker, TypedJourneysInvoker<C>, JourneysLifecycle
{
  /** The API base URL requests go to (no key, safe to log). */
  readonly baseUrl: string;
  /**
   * Run status and steps: `get`, `steps`, `list` (an async iterable over every page) and `waitFor`.
   * Each read is retried like an invoke; an unknown run rejects with `JourneysRunNotFoundError`.
   *
   * @example
   * ```ts
   * const run = await client.runs.waitFor(runId, { timeoutMs: 30_000 });
   * for await (const r of client.runs.list({ template_id: ['welcome'], status: ['ERROR'] })) console.log(r.run_id);
   * ```
   */
  readonly runs: JourneyRuns;
  /**
   * The journeys' definitions: `list` (an async iterable over every page), `get` (with nodes, and the
   * `api-invoke` trigger's `data` schema) and `versions`. An unknown journey rejects with
   * `JourneysApiError`, status 404.
   *
   * @example
   * ```ts
   * for await (const j of client.journeys.list()) console.log(j.id, j.name);
   * const { nodes } = await client.journeys.get('welcome', { version: 'published' });
   * ```
   */
  readonly journeys: JourneyDefinitionReads;
  readonly #connections: number;
  readonly #maxRequestBytes: number;
  readonly #pipeline: RequestPipeline;
  #transport: Transport | undefined;
  #closing: Promise<void> | undefined;
  readonly #catalog: AnyJourneyCatalog | undefined;
  #untyped: JourneysInvoker | undefined;

  constructor(options: JourneysClientOptions<C> = {}) {
    const { apiKey, endpoint, transport } = checkClientOptions(options);
    this.#catalog = options.catalog;
    this.baseUrl = endpoint.origin + endpoint.pathPrefix;
    this.#connections = options.connections ?? defaults.connections;
    this.#maxRequestBytes = options.maxRequestBytes ?? defaults.maxRequestBytes;
    const redact = createRedactor(apiKey);
    const queueTimeoutMs = options.queueTimeoutMs ?? defaults.queueTimeoutMs;
    const maxResponseBytes = options.maxResponseBytes ?? defaults.maxResponseBytes;
    this.#pipeline = new RequestPipeline({
      origin: endpoint.origin,
      pathPrefix: endpoint.pathPrefix,
      authorization: `Bearer ${apiKey}`,
      defaults: {
        timeoutMs: options.timeoutMs ?? defaults.timeoutMs,
        maxRetries: options.maxRetries ?? defaults.maxRetries,
        retryDelayMs: options.retryDelayMs ?? defaultRetryDelay,
      },
      // An injected dispatcher has its own limits, unknown here: queue in front of it only when asked to.
      // fetch has no connections to count.
      slots:
        transport === 'undici' && (options.dispatcher === undefined || options.connections !== undefined)
          ? new ConnectionSlots(this.#connections)
          : undefined,
      queueTimeoutMs,
      maxResponseBytes,
      hooks: options.hooks,
      telemetry: options.telemetry,
      errors: new ErrorMapper(redact, {
        origin: endpoint.origin,
        maxRetryAfterMs: options.maxRetryAfterMs ?? defaults.maxRetryAfterMs,
        maxResponseBytes,
        queueTimeoutMs,
        connections: this.#connections,
      }),
      transport: () =>
        (this.#transport ??= transport === 'fetch' ? new FetchTransport() : undiciTransport(endpoint.origin, this.#connections, options.dispatcher)),
      redact,
    });
    const pipeline = this.#pipeline;
    const get = (runId: string, options?: LifecycleCallOptions): Promise<JourneyRun> =>
      pipeline.call('runs.get', { runId }, () => runGetCall(checkRunId(runId, options, 'runs.get')), options);
    this.runs = {
      get,
      steps: (runId, options) => pipeline.call('runs.steps', { runId }, () => runStepsCall(checkRunId(runId, options, 'runs.steps')), options),
      list: (filter, options) => listRuns(pipeline, filter, options),
      waitFor: (runId, options) => waitForRun(get, runId, options),
    };
    this.journeys = readJourneyDefinitions(pipeline);
    // Methods work detached too: `const { invoke, invokeMany } = client`, callbacks such as
    // `process.once('SIGTERM', client.close)`, DI containers. Every method of the class is bound:
    // the detached-methods test fails when a new one is left out.
    this.invoke = this.invoke.bind(this);
    this.invokeMany = this.invokeMany.bind(this);
    this.cancel = this.cancel.bind(this);
    this.close = this.close.bind(this);
    this[Symbol.asyncDispose] = this[Symbol.asyncDispose].bind(this);
    this.toJSON = this.toJSON.bind(this);
    this[inspectSymbol] = this[inspectSymbol].bind(this);
  }

  /**
   * Cancels every run that shares a cancelation token, or one run by id (`POST /journeys/cancel`).
   * Carries an `Idempotency-Key` that its retries reuse, like an invoke. By token, resolves with
   * the token (the runs that shared it are canceled, which may be none); by run id, with the run's
   * status: `CANCELED`, or the finished status it already had.
   *
   * @example
   * ```ts
   * await client.cancel({ cancelation_token: `order-${orderId}` });
   * const { status } = await client.cancel({ run_id: runId }); // 'CANCELED', or 'PROCESSED' if it had finished
   * ```
   */
  cancel<R extends CancelRequest>(request: R, options?: CancelOptions): Promise<CancelResultOf<R>> {
    const runId = request !== null && typeof request === 'object' ? (request as { run_id?: unknown }).run_id : undefined;
    return this.#pipeline.call(
      'cancel',
      { runId },
      () => {
        const checked = cancelBody(request, options);
        return cancelCall(checked.body, checked.runId);
      },
      options,
    ) as Promise<CancelResultOf<R>>;
  }

  /**
   * Starts journey `templateId` for the user the request names. Resolves with the run id;
   * rejects with a {@link JourneysError} (validation errors before anything is sent).
   */
  invoke<K extends JourneyId<C>>(templateId: K, request: JourneyRequest<C, K>, options?: InvokeOptions): Promise<InvokeResponse> {
    return this.#invoke(templateId, request, options, this.#catalog);
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
    return this.#pipeline.call(
      'invoke',
      { templateId },
      () => invokeCall(prepareInvocation(templateId, request, options, this.#maxRequestBytes, catalog)),
      options,
    );
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
    return invokeMany(this, items, options);
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
    await this.#pipeline.drain();
    await this.#transport?.close();
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
}

/** Every page of `GET /journeys/runs`, each one a call through the pipeline (validated on the first). */
function listRuns(
  pipeline: RequestPipeline,
  filter: JourneyRunsFilter | undefined,
  options: LifecycleCallOptions | undefined,
): AsyncIterable<JourneyRun> {
  let query: string | undefined;
  return followRunPages((cursor) =>
    pipeline.call(
      'runs.list',
      {},
      () => {
        query ??= runsQuery(filter, options);
        return runsPageCall(query, cursor);
      },
      options,
    ),
  );
}
