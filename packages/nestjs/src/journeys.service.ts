import type { InvokeOptions, InvokeRequest, InvokeResponse, JourneysClient, JourneysInvoker } from '@journeykit/core';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createJourneysInvoker } from './create-journeys-invoker.js';
import type { JourneysModuleOptions } from './journeys-module-options.interface.js';
import { MODULE_OPTIONS_TOKEN } from './journeys.module-definition.js';

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * Starts Courier journeys from Nest providers. Inject it by type; it implements
 * `JourneysInvoker`, so code written against the interface (and the test kit's fakes) fits.
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
export class JourneysService implements JourneysInvoker, OnApplicationShutdown {
  // Private fields: the options (and the API key) stay out of util.inspect and JSON.stringify.
  readonly #invoker: JourneysInvoker;
  readonly #owned: JourneysClient | undefined;

  constructor(@Inject(MODULE_OPTIONS_TOKEN) options: JourneysModuleOptions) {
    const { invoker, owned } = createJourneysInvoker(options);
    this.#invoker = invoker;
    this.#owned = owned;
  }

  /**
   * Starts journey `templateId` for the user the request names and resolves with the run id.
   * Rejects with a `JourneysError`: `JourneysValidationError` (nothing sent) for bad input.
   */
  invoke(templateId: string, request: InvokeRequest, options?: InvokeOptions): Promise<InvokeResponse> {
    return this.#invoker.invoke(templateId, request, options);
  }

  /** Nest calls this on `app.close()` (and on signals with `enableShutdownHooks()`). */
  async onApplicationShutdown(): Promise<void> {
    await this.#owned?.close();
  }

  [inspectSymbol](): string {
    return `JourneysService { client: ${this.#owned === undefined ? 'provided' : 'owned'} }`;
  }
}
