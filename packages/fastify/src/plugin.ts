import type { RegisteredCatalog } from '@journeykit/core';
import {
  RequestJourneys as CoreRequestJourneys,
  forwardLifecycle,
  resolveInvoker,
  type AdapterNames,
  type BoundRequestJourneys,
  type RequestJourneysContext,
} from '@journeykit/core/internal';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { journeysErrorHandler } from './error-handler.js';
import { checkPluginOptions, type JourneysPluginOptions } from './options.js';

/**
 * `request.journeys`: invoke, enqueue, cancel, runs and journeys reads for one request, with what
 * `identify(request)` returns filling in the user fields each call leaves out. Typed by the catalog
 * you registered (core's `Register`); `untyped` takes any template ID.
 *
 * @example
 * ```ts
 * await request.journeys.invoke('order-shipped', { data: { order_id: 'o1' } });
 * ```
 */
// An interface (not an alias) so later versions and users can extend it by declaration merging.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- Fastify's own name for core's shape, open to merging
export interface RequestJourneys<C = RegisteredCatalog> extends BoundRequestJourneys<C> {}

declare module 'fastify' {
  interface FastifyRequest {
    /** Starts journeys for this request; set by the `journeys` plugin of `@journeykit/fastify`. */
    journeys: RequestJourneys;
  }
}

const FASTIFY_NAMES: AdapterNames = {
  request: 'request',
  outboxOption: 'app.register(journeys, { outbox })',
  identifyOption: 'app.register(journeys, { identify })',
};

async function journeysPlugin(fastify: FastifyInstance, options: JourneysPluginOptions): Promise<void> {
  const { invoker, untyped, owned } = resolveInvoker('the journeys plugin', checkPluginOptions(options));
  const context: RequestJourneysContext<FastifyRequest> = {
    client: invoker,
    untyped,
    lifecycle: forwardLifecycle(owned ?? options.client, { caller: 'request.journeys', option: 'app.register(journeys, { client })' }),
    identify: options.identify,
    timeoutMs: (options as { timeoutMs?: number }).timeoutMs,
    outbox: options.outbox,
    names: FASTIFY_NAMES,
  };
  // Made on first use, once per request: a route that starts no journey pays nothing.
  const made = new WeakMap<FastifyRequest, RequestJourneys>();
  fastify.decorateRequest('journeys', {
    getter(this: FastifyRequest): RequestJourneys {
      let journeys = made.get(this);
      if (journeys === undefined) {
        journeys = new CoreRequestJourneys(context, this);
        made.set(this, journeys);
      }
      return journeys;
    },
  });
  if (owned !== undefined) fastify.addHook('onClose', () => owned.close());
  if (options.errorHandler !== false) {
    fastify.setErrorHandler(journeysErrorHandler({ onError: options.onError, fallback: fastify.errorHandler }));
  }
}

/**
 * The Fastify plugin: decorates every request with `request.journeys` (invoke, enqueue with an
 * `outbox`, cancel, runs, journeys reads; the identity from `identify(request)` under each call's
 * deadline), answers journeykit errors with the body every adapter uses, and closes the client it
 * created when Fastify closes. Wrapped with `fastify-plugin`: registered once, it serves every route.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { journeys } from '@journeykit/fastify';
 *
 * const app = Fastify();
 * await app.register(journeys, {
 *   apiKey: process.env.COURIER_API_KEY,
 *   identify: (request) => (request.user ? { user_id: request.user.id } : undefined),
 * });
 * app.post('/signup', async (request) => request.journeys.invoke('welcome', { data: { plan: 'pro' } }));
 * ```
 */
export const journeys: FastifyPluginAsync<JourneysPluginOptions> = fp(journeysPlugin, {
  fastify: '5.x',
  name: '@journeykit/fastify',
});
