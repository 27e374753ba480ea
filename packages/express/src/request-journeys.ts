import {
  JourneysConfigurationError,
  type EnqueueOptions,
  type EnqueueResult,
  type JourneysEnqueuer,
  type InvokeOptions,
  type InvokeRequest,
  type InvokeResponse,
  type CancelOptions,
  type CancelRequest,
  type CancelResultOf,
  type JourneyId,
  type JourneyRequest,
  type JourneyRuns,
  type JourneyDefinitionReads,
  type JourneysInvoker,
  type JourneysLifecycle,
  type RegisteredCatalog,
  type TypedJourneysInvoker,
} from '@journeykit/core';
import { withIdentity } from '@journeykit/core/internal';
import type { Request } from 'express';
import { identifyWithin } from './identify-call.js';
import type { AfterResponseErrorReporter, Identify } from './options.js';
import { MISSING_MIDDLEWARE, ownJourneys } from './request-property.js';

/**
 * `req.journeys`: an invoker bound to one request. What `identify(req)` returns fills in the user
 * fields each call leaves out. `invoke` is typed by the catalog you registered (core's `Register`):
 * unknown template IDs and wrong `data` are compile errors; `untyped` takes any template ID. With
 * nothing registered, template IDs are plain strings.
 *
 * @example
 * ```ts
 * await req.journeys.invoke('order-shipped', { data: { order_id: 'o1', eta: 'tomorrow' } });
 * await req.journeys.untyped.invoke('beta-journey', {}); // not in the catalog
 * ```
 */
// An interface (not an alias) so later versions and users can extend it by declaration merging.
export interface RequestJourneys<C = RegisteredCatalog> extends TypedJourneysInvoker<C>, JourneysLifecycle {
  /**
   * Stores the invocation for durable delivery through the middleware's `outbox` (see
   * `@journeykit/outbox`), with the request's identity merged in like `invoke`. Pass your open
   * transaction as `db` so the journey is stored only if it commits. Throws a
   * `JourneysConfigurationError` when the middleware has no `outbox`.
   *
   * @example
   * ```ts
   * await req.journeys.enqueue('welcome', { data: { plan: 'pro' } }, { db: tx });
   * ```
   */
  enqueue<K extends JourneyId<C>>(templateId: K, request: JourneyRequest<C, K>, options?: EnqueueOptions): Promise<EnqueueResult>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /**
       * Starts journeys for this request; set by the `journeys()` middleware of
       * `@journeykit/express`. On a request the middleware has not seen, reading it throws a
       * `JourneysConfigurationError` that says to mount the middleware.
       */
      journeys: RequestJourneys;
    }
  }
}

/** What one `journeys()` instance shares with the requests it serves. */
export interface JourneysContext {
  /** Checks calls against the catalog, when there is one. */
  readonly client: JourneysInvoker;
  /** The same client without the catalog: what `req.journeys.untyped` calls. */
  readonly untyped: JourneysInvoker;
  /** `cancel` and `runs`, forwarded to the client itself. */
  readonly lifecycle: JourneysLifecycle;
  readonly identify: Identify | undefined;
  /** The middleware's `timeoutMs`, which also bounds `identify` when a call gives none. */
  readonly timeoutMs: number | undefined;
  readonly onAfterResponseError: AfterResponseErrorReporter | undefined;
  /** What `req.journeys.enqueue()` stores through, when configured. */
  readonly outbox: JourneysEnqueuer | undefined;
  /** Journeys started after a response and not settled yet; `close()` waits for them. */
  readonly pending: Set<Promise<void>>;
}

/** The per-request invoker. Private fields keep the client (and its key) out of `util.inspect(req)`. */
export class BoundJourneys<C = RegisteredCatalog> implements RequestJourneys<C> {
  readonly #context: JourneysContext;
  readonly #req: Request;
  #untyped: JourneysInvoker | undefined;

  constructor(context: JourneysContext, req: Request) {
    this.#context = context;
    this.#req = req;
    // `const { invoke } = req.journeys` must work, as it does on the client.
    this.invoke = this.invoke.bind(this);
    this.enqueue = this.enqueue.bind(this);
    this.cancel = this.cancel.bind(this);
  }

  /** The middleware context behind an invoker, when it is one of ours. */
  static contextOf(invoker: unknown): JourneysContext | undefined {
    return invoker instanceof BoundJourneys ? invoker.#context : undefined;
  }

  invoke<K extends JourneyId<C>>(templateId: K, request: JourneyRequest<C, K>, options?: InvokeOptions): Promise<InvokeResponse> {
    // The catalog's types are the caller's side of the contract; the client checks the catalog at run time.
    return this.#send(this.#context.client, templateId, request, options);
  }

  async enqueue<K extends JourneyId<C>>(templateId: K, request: JourneyRequest<C, K>, options?: EnqueueOptions): Promise<EnqueueResult> {
    const { outbox, identify } = this.#context;
    if (outbox === undefined) {
      throw new JourneysConfigurationError(
        'req.journeys.enqueue() needs an outbox: pass journeys({ outbox }) a JourneysOutbox from @journeykit/outbox',
      );
    }
    if (identify === undefined) return outbox.enqueue(templateId, request, options);
    // Same deadline and identity checks as invoke (enqueue takes no signal: the middleware's timeoutMs bounds identify).
    const identity = await identifyWithin(identify, this.#req, undefined, this.#context.timeoutMs);
    return outbox.enqueue(templateId, withIdentity(request, identity), options);
  }

  /**
   * Cancels every run that shares a cancelation token, or one run by id, through the middleware's
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
   * Run status and steps through the middleware's client: `get`, `steps`, `list`, `waitFor`.
   *
   * @example
   * ```ts
   * const run = await req.journeys.runs.get(req.params.runId); // 404 via journeysErrorHandler when unknown
   * ```
   */
  get runs(): JourneyRuns {
    return this.#context.lifecycle.runs;
  }

  /**
   * The journeys' definitions through the middleware's client: `list`, `get` (with nodes), `versions`.
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
    const { identify } = this.#context;
    if (identify === undefined) return invoker.invoke(templateId, request, options);
    const identity = await identifyWithin(identify, this.#req, options, this.#context.timeoutMs);
    return invoker.invoke(templateId, withIdentity(request, identity), options);
  }
}

/**
 * Returns `req.journeys`, or throws a `JourneysConfigurationError` that says the `journeys()`
 * middleware is not mounted for this request. Use it where `req` is not typed by Express (or to
 * fail loudly instead of on `undefined.invoke`). Typed by the registered catalog, like
 * `req.journeys`; `getJourneys<typeof catalog>(req)` types it by a catalog you did not register.
 *
 * @example
 * ```ts
 * import { getJourneys } from '@journeykit/express';
 *
 * router.post('/invites', async (req, res) => {
 *   const { runId } = await getJourneys(req).invoke('invite', { profile: { email: req.body.email } });
 *   res.status(202).json({ runId });
 * });
 * ```
 */
export function getJourneys<C = RegisteredCatalog>(req: Request): RequestJourneys<C> {
  const journeys = req !== null && typeof req === 'object' ? ownJourneys(req) : undefined;
  if (journeys !== null && typeof journeys === 'object' && typeof (journeys as JourneysInvoker).invoke === 'function') {
    return journeys as RequestJourneys<C>;
  }
  throw new JourneysConfigurationError(MISSING_MIDDLEWARE);
}
