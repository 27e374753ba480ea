import type { JourneysInvoker, RegisteredCatalog } from '@journeykit/core';
import {
  RequestJourneys as CoreRequestJourneys,
  forwardLifecycle,
  resolveInvoker,
  type AdapterNames,
  type BoundRequestJourneys,
  type RequestJourneysContext,
} from '@journeykit/core/internal';
import type { Context, Env, MiddlewareHandler } from 'hono';
import { checkMiddlewareOptions, type JourneysMiddlewareOptions } from './options.js';

/**
 * `c.var.journeys`: invoke, enqueue, cancel, runs and journeys reads for one request, with what
 * `identify(c)` returns filling in the user fields each call leaves out. Typed by the catalog you
 * registered (core's `Register`); `untyped` takes any template ID.
 *
 * @example
 * ```ts
 * await c.var.journeys.invoke('order-shipped', { data: { order_id: 'o1' } });
 * ```
 */
// An interface (not an alias) so later versions and users can extend it by declaration merging.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- Hono's own name for core's shape, open to merging
export interface RequestJourneys<C = RegisteredCatalog> extends BoundRequestJourneys<C> {}

/**
 * The variable the {@link journeys} middleware sets. Put it in your app's `Variables` so
 * `c.var.journeys` is typed: `new Hono<{ Variables: JourneysVariables & { user: User } }>()`.
 *
 * @example
 * ```ts
 * const app = new Hono<{ Variables: JourneysVariables }>();
 * ```
 */
// A type alias, not an interface: Hono's `Variables` is a `Record<string, unknown>`, which an interface does not satisfy.
export type JourneysVariables<C = RegisteredCatalog> = {
  /** Starts journeys for this request; set by the `journeys()` middleware of `@journeykit/hono`. */
  journeys: RequestJourneys<C>;
};

/**
 * The Hono `Env` of an app that only needs `c.var.journeys`: `new Hono<JourneysEnv>()`. With your
 * own variables or bindings, spread {@link JourneysVariables} into your `Variables` instead.
 *
 * @example
 * ```ts
 * const app = new Hono<JourneysEnv>();
 * app.use(journeys({ apiKey: process.env.COURIER_API_KEY }));
 * ```
 */
export type JourneysEnv<C = RegisteredCatalog> = {
  /** What the middleware sets on the context: `c.var.journeys`. */
  Variables: JourneysVariables<C>;
};

/** The middleware `journeys()` returns: a Hono middleware plus the client it uses. */
export interface JourneysMiddleware extends MiddlewareHandler<JourneysEnv> {
  /**
   * The one invoker behind every `c.var.journeys` of this middleware (checking calls against the
   * catalog, when one was given); use it outside requests (scheduled handlers, queues).
   */
  readonly client: JourneysInvoker;
  /**
   * Closes the client when the middleware created it (on Node: after `server.close()`, so its
   * sockets go). A `client` you passed in is left open: you own it. Safe to call more than once.
   */
  close(): Promise<void>;
}

const HONO_NAMES: AdapterNames = {
  request: 'c',
  journeys: 'c.var.journeys',
  outboxOption: 'journeys({ outbox })',
  identifyOption: 'journeys({ identify })',
};

/**
 * Hono middleware that sets `c.var.journeys` (invoke, enqueue with an `outbox`, cancel, runs,
 * journeys reads; the identity from `identify(c)` under each call's deadline). One client per
 * middleware, made when `journeys()` is called (not per request): call it at module scope. On Node
 * the client sends with undici; on Cloudflare Workers (and Bun, Deno) core's `workerd` (`bun`,
 * `deno`) export condition picks its fetch build. Mounting it twice is harmless: the first sets
 * `c.var.journeys`. Pair it with {@link journeysErrorHandler} in `app.onError`.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { journeys, journeysErrorHandler, type JourneysVariables } from '@journeykit/hono';
 *
 * const app = new Hono<{ Variables: JourneysVariables }>();
 * app.use(journeys({
 *   apiKey: process.env.COURIER_API_KEY,
 *   identify: (c) => {
 *     const user = c.req.header('x-user-id');
 *     return user === undefined ? undefined : { user_id: user };
 *   },
 * }));
 * app.post('/signup', async (c) => c.json(await c.var.journeys.invoke('welcome', { data: { plan: 'pro' } }), 202));
 * app.onError(journeysErrorHandler());
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Hono's own default: an untyped app's context
export function journeys<E extends Env = any>(options: JourneysMiddlewareOptions<E> = {}): JourneysMiddleware {
  const { invoker, untyped, owned } = resolveInvoker('journeys()', checkMiddlewareOptions(options as JourneysMiddlewareOptions));
  const context: RequestJourneysContext<Context<E>> = {
    client: invoker,
    untyped,
    lifecycle: forwardLifecycle(owned ?? options.client, { caller: 'c.var.journeys', option: 'journeys({ client })' }),
    identify: options.identify,
    timeoutMs: (options as { timeoutMs?: number }).timeoutMs,
    outbox: options.outbox,
    names: HONO_NAMES,
  };
  const middleware: MiddlewareHandler<JourneysEnv> = async function journeysMiddleware(c, next) {
    if (c.get('journeys') === undefined) c.set('journeys', new CoreRequestJourneys(context, c as unknown as Context<E>));
    await next();
  };
  let closing: Promise<void> | undefined;
  return Object.defineProperties(middleware, {
    client: { value: invoker, enumerable: true },
    close: { value: () => (closing ??= owned === undefined ? Promise.resolve() : owned.close()) },
  }) as JourneysMiddleware;
}
