/**
 * The journeys object every HTTP adapter puts on a request (`req.journeys` in Express,
 * `request.journeys` in Fastify, `c.var.journeys` in Hono): invoke, enqueue, cancel, runs and journeys reads, with the
 * identity `identify(request)` returns merged into each invoke and enqueue, under the call's
 * deadline. One implementation, generic over the framework's request; the adapters add only how
 * it is mounted, typed and closed.
 */
import { JourneysAbortError, JourneysConfigurationError, JourneysTimeoutError, formatIssuePath } from '../errors/errors.js';
import type { CancelOptions, CancelRequest, CancelResultOf, JourneyRuns, JourneysLifecycle } from '../contract/journey-runs.js';
import type { JourneyDefinitionReads } from '../contract/journey-definitions.js';
import type { InvokeOptions, InvokeRequest, InvokeResponse, JourneysInvoker } from '../contract/types.js';
import type { JourneyId, JourneyRequest, RegisteredCatalog, TypedJourneysInvoker } from '../catalog/catalog.js';
import { withIdentity, type RequestIdentity } from '../input/identity-merge.js';
import { identityIssues } from '../input/validate.js';
import { isPlainObject } from '../input/json-values.js';
import { defaults } from '../client/client-options.js';
import type { EnqueueOptions, EnqueueResult, JourneysEnqueuer } from './enqueuer.js';

/** Maps a request to the user it acts for; may be async. */
export type IdentifyRequest<Req> = (request: Req) => RequestIdentity | null | undefined | PromiseLike<RequestIdentity | null | undefined>;

/**
 * The request's journeys: an invoker typed by the registered catalog, the lifecycle calls, and
 * `enqueue` through the adapter's outbox. Each adapter extends it under its own name.
 */
export interface BoundRequestJourneys<C = RegisteredCatalog> extends TypedJourneysInvoker<C>, JourneysLifecycle {
  /**
   * Stores the invocation for durable delivery through the adapter's `outbox` (see
   * `@journeykit/outbox`), with the request's identity merged in like `invoke`. Pass your open
   * transaction as `db` so the journey is stored only if it commits. Throws a
   * `JourneysConfigurationError` when the adapter has no `outbox`.
   *
   * @example
   * ```ts
   * await req.journeys.enqueue('welcome', { data: { plan: 'pro' } }, { db: tx });
   * ```
   */
  enqueue<K extends JourneyId<C>>(templateId: K, request: JourneyRequest<C, K>, options?: EnqueueOptions): Promise<EnqueueResult>;
}

/** How an adapter's messages name things: `req` or `request`, and where its options are given. */
export interface AdapterNames {
  /** The request as the framework's docs call it: `req` (Express), `request` (Fastify), `c` (Hono). */
  request: string;
  /** Where the journeys are read, when not `${request}.journeys`: `c.var.journeys` (Hono). */
  journeys?: string;
  /** Where the outbox is given: `journeys({ outbox })`. */
  outboxOption: string;
  /** Where identify is given: `journeys({ identify })`. */
  identifyOption: string;
}

/** What one adapter instance shares with the requests it serves. */
export interface RequestJourneysContext<Req> {
  /** Checks calls against the catalog, when there is one. */
  readonly client: JourneysInvoker;
  /** The same client without the catalog: what `.untyped` calls. */
  readonly untyped: JourneysInvoker;
  /** `cancel`, `runs` and `journeys`, forwarded to the client itself. */
  readonly lifecycle: JourneysLifecycle;
  /** Maps the request to the user it acts for, when the adapter was given one. */
  readonly identify: IdentifyRequest<Req> | undefined;
  /** The adapter's `timeoutMs`, which also bounds `identify` when a call gives none. */
  readonly timeoutMs: number | undefined;
  /** What `enqueue()` stores through, when configured. */
  readonly outbox: JourneysEnqueuer | undefined;
  /** How the adapter's messages name the request and its options. */
  readonly names: AdapterNames;
}

/** The per-request journeys. Private fields keep the client (and its key) out of `util.inspect(request)`. */
export class RequestJourneys<Req, C = RegisteredCatalog, Context extends RequestJourneysContext<Req> = RequestJourneysContext<Req>>
  implements BoundRequestJourneys<C>
{
  readonly #context: Context;
  readonly #request: Req;
  #untyped: JourneysInvoker | undefined;

  constructor(context: Context, request: Req) {
    this.#context = context;
    this.#request = request;
    // `const { invoke } = req.journeys` must work, as it does on the client.
    this.invoke = this.invoke.bind(this);
    this.enqueue = this.enqueue.bind(this);
    this.cancel = this.cancel.bind(this);
  }

  /** The adapter context behind an invoker, when it is one of these. */
  static contextOf(invoker: unknown): RequestJourneysContext<never> | undefined {
    // A brand check rather than `instanceof RequestJourneys`: a class that names itself in its body is
    // emitted by esbuild as `_RequestJourneys`, and that is the name people would see in util.inspect.
    return typeof invoker === 'object' && invoker !== null && #context in invoker ? invoker.#context : undefined;
  }

  /** Starts a journey with the request's identity filled in (see {@link BoundRequestJourneys}). */
  invoke<K extends JourneyId<C>>(templateId: K, request: JourneyRequest<C, K>, options?: InvokeOptions): Promise<InvokeResponse> {
    // The catalog's types are the caller's side of the contract; the client checks the catalog at run time.
    return this.#send(this.#context.client, templateId, request, options);
  }

  /** Stores the call in the adapter's outbox with the request's identity filled in (see {@link BoundRequestJourneys.enqueue}). */
  async enqueue<K extends JourneyId<C>>(templateId: K, request: JourneyRequest<C, K>, options?: EnqueueOptions): Promise<EnqueueResult> {
    const { outbox, identify, names } = this.#context;
    if (outbox === undefined) {
      throw new JourneysConfigurationError(
        `${names.journeys ?? `${names.request}.journeys`}.enqueue() needs an outbox: pass ${names.outboxOption} a JourneysOutbox from @journeykit/outbox`,
      );
    }
    if (identify === undefined) return outbox.enqueue(templateId, request, options);
    // Same deadline and identity checks as invoke (enqueue takes no signal: the adapter's timeoutMs bounds identify).
    const identity = await identifyWithin(identify, this.#request, undefined, this.#context.timeoutMs, names);
    return outbox.enqueue(templateId, withIdentity(request, identity), options);
  }

  /**
   * Cancels every run that shares a cancelation token, or one run by id, through the adapter's
   * client (`POST /journeys/cancel`). No identity is merged: a cancel names runs, not a user.
   *
   * @example
   * ```ts
   * await req.journeys.cancel({ cancelation_token: `order-${req.params.id}` });
   * ```
   */
  cancel<R extends CancelRequest>(request: R, options?: CancelOptions): Promise<CancelResultOf<R>> {
    return this.#context.lifecycle.cancel(request, options);
  }

  /**
   * Run status and steps through the adapter's client: `get`, `steps`, `list`, `waitFor`.
   *
   * @example
   * ```ts
   * const run = await req.journeys.runs.get(req.params.runId);
   * ```
   */
  get runs(): JourneyRuns {
    return this.#context.lifecycle.runs;
  }

  /**
   * The journeys' definitions through the adapter's client: `list`, `get` (with nodes), `versions`.
   *
   * @example
   * ```ts
   * const journey = await req.journeys.journeys.get('welcome'); // JourneysApiError (404) when unknown
   * ```
   */
  get journeys(): JourneyDefinitionReads {
    return this.#context.lifecycle.journeys;
  }

  /** The escape hatch: the same request binding, without the catalog. */
  get untyped(): JourneysInvoker {
    this.#untyped ??= { invoke: (templateId, request, options) => this.#send(this.#context.untyped, templateId, request, options) };
    return this.#untyped;
  }

  async #send(invoker: JourneysInvoker, templateId: string, request: InvokeRequest, options?: InvokeOptions): Promise<InvokeResponse> {
    const { identify, names } = this.#context;
    if (identify === undefined) return invoker.invoke(templateId, request, options);
    const identity = await identifyWithin(identify, this.#request, options, this.#context.timeoutMs, names);
    return invoker.invoke(templateId, withIdentity(request, identity), options);
  }
}

/**
 * Runs `identify(request)` under the call's deadline: the call's `signal` aborts it and the call's
 * `timeoutMs` (else the adapter's, else core's default) bounds it, so an `identify` that never
 * settles cannot hang the route. What it returns is checked here: a bad identity is a bug in this
 * server's `identify` (a configuration error, HTTP 500), never the HTTP caller's fault.
 */
export async function identifyWithin<Req>(
  identify: IdentifyRequest<Req>,
  request: Req,
  options: InvokeOptions | undefined,
  defaultTimeoutMs: number | undefined,
  names: AdapterNames,
): Promise<RequestIdentity | undefined> {
  const signal = options?.signal instanceof AbortSignal ? options.signal : undefined;
  const given = options?.timeoutMs;
  const timeoutMs = typeof given === 'number' && given > 0 ? given : (defaultTimeoutMs ?? defaults.timeoutMs);
  if (signal?.aborted) throw new JourneysAbortError({ cause: signal.reason });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new JourneysTimeoutError(timeoutMs);
      // The timeout is ours, not Courier's: say so (nothing was sent).
      error.message = `identify(${names.request}) did not finish within ${timeoutMs} ms; nothing was sent`;
      reject(error);
    }, timeoutMs);
    if (signal !== undefined) {
      onAbort = () => reject(new JourneysAbortError({ cause: signal.reason }));
      signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  try {
    return checkIdentity(await Promise.race([Promise.resolve().then(() => identify(request)), deadline]), names);
  } finally {
    clearTimeout(timer);
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
  }
}

function checkIdentity(identity: unknown, names: AdapterNames): RequestIdentity | undefined {
  if (identity === undefined || identity === null) return undefined;
  const issues = identityIssues(identity);
  if (issues.length === 0 && isPlainObject(identity)) return identity;
  const detail = issues.map((issue) => `${issue.path.length > 0 ? `${formatIssuePath(issue.path)}: ` : ''}${issue.message}`).join('; ');
  throw new JourneysConfigurationError(
    `identify(${names.request}) returned an identity that cannot be sent (${detail}); it must return { user_id?, profile?, data? } ` +
      `with a non-empty string user_id and plain-object profile and data, or undefined. Fix identify in ${names.identifyOption}`,
  );
}
