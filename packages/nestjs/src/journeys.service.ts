import type {
  CancelOptions,
  CancelRequest,
  CancelResultOf,
  JourneyRuns,
  JourneyDefinitionReads,
  JourneysLifecycle,
  InvokeOptions,
  InvokeResponse,
  JourneyId,
  JourneyRequest,
  JourneysInvoker,
  RegisteredCatalog,
  TypedJourneysInvoker,
} from '@journeykit/core';
import type { ResolvedInvoker } from '@journeykit/core/internal';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createJourneysInvoker } from './create-journeys-invoker.js';
import { forwardLifecycle } from '@journeykit/core/internal';
import type { JourneysModuleOptions } from './journeys-module-options.interface.js';
import { JOURNEYS_MODULE_OPTIONS } from './journeys.module-definition.js';

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * Starts Courier journeys from Nest providers. Inject it by type; it implements
 * `JourneysInvoker`, so code written against the interface (and the test kit's fakes) fits.
 *
 * `invoke` is typed by the catalog you registered (core's `Register`), or by the one you name:
 * `JourneysService<typeof catalog>`. Unknown template IDs and wrong `data` are then compile errors,
 * and with `forRoot({ catalog })` run-time errors too; `untyped` takes any template ID. With no
 * catalog, template IDs are plain strings.
 *
 * With client options it owns a `JourneysClient` and closes it on application shutdown, after
 * the calls still in flight have settled. A `client` you passed in is never closed.
 *
 * @example
 * ```ts
 * @Injectable()
 * export class OrdersService {
 *   constructor(private readonly journeys: JourneysService) {}
 *
 *   async placed(order: { id: string; userId: string; total: number }) {
 *     const { runId } = await this.journeys.invoke(
 *       'order-placed',
 *       { user_id: order.userId, data: { order_id: order.id, total: order.total } },
 *       { idempotencyKey: `order-${order.id}-placed` },
 *     );
 *     return runId;
 *   }
 * }
 * ```
 */
@Injectable()
export class JourneysService<C = RegisteredCatalog> implements JourneysInvoker, TypedJourneysInvoker<C>, JourneysLifecycle, OnApplicationShutdown {
  // Private fields: the options (and the API key) stay out of util.inspect and JSON.stringify.
  readonly #invoker: JourneysInvoker;
  readonly #untyped: JourneysInvoker;
  readonly #owned: ResolvedInvoker['owned'];
  readonly #lifecycle: JourneysLifecycle;

  constructor(@Inject(JOURNEYS_MODULE_OPTIONS) options: JourneysModuleOptions) {
    const { invoker, untyped, owned } = createJourneysInvoker(options);
    this.#invoker = invoker;
    this.#untyped = untyped;
    this.#owned = owned;
    // No identity is involved: the lifecycle goes to the client itself, around any catalog wrapper.
    this.#lifecycle = forwardLifecycle(owned ?? (options as { client?: unknown } | undefined)?.client, {
      caller: 'JourneysService',
      option: 'JourneysModule ({ client })',
    });
    // `const { invoke } = this.journeys` works, as on JourneysClient.
    this.invoke = this.invoke.bind(this);
    this.cancel = this.cancel.bind(this);
  }

  /**
   * Starts journey `templateId` for the user the request names and resolves with the run id.
   * Rejects with a `JourneysError`: `JourneysValidationError` (nothing sent) for bad input,
   * including `data` that fails the catalog's schema.
   */
  invoke<K extends JourneyId<C>>(templateId: K, request: JourneyRequest<C, K>, options?: InvokeOptions): Promise<InvokeResponse> {
    // The catalog's types are the caller's side of the contract; the catalog is checked at run time.
    return this.#invoker.invoke(templateId, request, options);
  }

  /**
   * Cancels every run that shares a cancelation token, or one run by id (`POST /journeys/cancel`),
   * through the module's client. Resolves with Courier's answer: the token, or the run's status
   * afterwards (`CANCELED`, or the finished status it kept). An unknown run id rejects with
   * `JourneysRunNotFoundError` (a 404 through `JourneysExceptionFilter`).
   *
   * @example
   * ```ts
   * await this.journeys.cancel({ cancelation_token: `order-${order.id}` }, { idempotencyKey: `cancel-${order.id}` });
   * ```
   */
  cancel<R extends CancelRequest>(request: R, options?: CancelOptions): Promise<CancelResultOf<R>> {
    return this.#lifecycle.cancel(request, options);
  }

  /**
   * Run status and steps through the module's client: `get`, `steps`, `list` (an async iterable
   * that follows Courier's cursor) and `waitFor`.
   *
   * @example
   * ```ts
   * const run = await this.journeys.runs.get(runId); // JourneysRunNotFoundError (404) when unknown
   * const steps = await this.journeys.runs.steps(runId);
   * ```
   */
  get runs(): JourneyRuns {
    return this.#lifecycle.runs;
  }

  /**
   * The journeys' definitions through the module's client: `list`, `get` (with nodes), `versions`.
   *
   * @example
   * ```ts
   * const journey = await this.journeys.journeys.get('welcome'); // JourneysApiError (404) when unknown
   * ```
   */
  get journeys(): JourneyDefinitionReads {
    return this.#lifecycle.journeys;
  }

  /**
   * The escape hatch: any template ID, no catalog check (the usual validation still applies). For
   * journeys the catalog does not declare.
   *
   * @example
   * ```ts
   * await this.journeys.untyped.invoke('beta-journey', { user_id: 'u1' });
   * ```
   */
  get untyped(): JourneysInvoker {
    return this.#untyped;
  }

  /** Nest calls this on `app.close()` (and on signals with `enableShutdownHooks()`). */
  async onApplicationShutdown(): Promise<void> {
    await this.#owned?.close();
  }

  /** What `util.inspect` shows: never the client's options or key. */
  [inspectSymbol](): string {
    return `JourneysService { client: ${this.#owned === undefined ? 'provided' : 'owned'} }`;
  }
}
