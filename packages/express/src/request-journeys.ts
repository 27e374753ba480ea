import { JourneysConfigurationError, type JourneysInvoker, type RegisteredCatalog } from '@journeykit/core';
import {
  RequestJourneys as CoreRequestJourneys,
  type AdapterNames,
  type BoundRequestJourneys,
  type RequestJourneysContext,
} from '@journeykit/core/internal';
import type { Request } from 'express';
import type { AfterResponseErrorReporter } from './options.js';
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
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- Express's own name for core's shape, open to merging
export interface RequestJourneys<C = RegisteredCatalog> extends BoundRequestJourneys<C> {}

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
export interface JourneysContext extends RequestJourneysContext<Request> {
  readonly onAfterResponseError: AfterResponseErrorReporter | undefined;
  /** Journeys started after a response and not settled yet; `close()` waits for them. */
  readonly pending: Set<Promise<void>>;
}

/** How core's shared request journeys name Express's things in their messages. */
export const EXPRESS_NAMES: AdapterNames = {
  request: 'req',
  outboxOption: 'journeys({ outbox })',
  identifyOption: 'journeys({ identify })',
};

/** The per-request invoker: core's one implementation, bound to an Express request. */
export class BoundJourneys<C = RegisteredCatalog> extends CoreRequestJourneys<Request, C, JourneysContext> implements RequestJourneys<C> {
  /** The middleware context behind an invoker, when it is one of ours. */
  static override contextOf(invoker: unknown): JourneysContext | undefined {
    return invoker instanceof BoundJourneys ? (CoreRequestJourneys.contextOf(invoker) as JourneysContext) : undefined;
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
