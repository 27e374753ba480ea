import type { JourneysInvoker } from '@journeykit/core';
import type { NextFunction, Request, Response } from 'express';
import { forwardLifecycle } from '@journeykit/core/internal';
import { resolveClient, type JourneysMiddlewareOptions } from './options.js';
import { BoundJourneys, EXPRESS_NAMES, type JourneysContext } from './request-journeys.js';
import { ownJourneys } from './request-property.js';

/** The middleware `journeys()` returns: an Express request handler plus the client it uses. */
export interface JourneysMiddleware {
  (req: Request, res: Response, next: NextFunction): void;
  /**
   * The one invoker behind every `req.journeys` of this middleware (checking calls against the
   * catalog, when one was given); use it outside requests (jobs, queues).
   */
  readonly client: JourneysInvoker;
  /**
   * Waits for the journeys started after a response that have not settled yet, then closes the
   * client when the middleware created it. A `client` you passed in is left open: you own it.
   * Safe to call more than once.
   */
  close(): Promise<void>;
}

/**
 * Express middleware that sets `req.journeys`, an invoker for the request: what `identify(req)`
 * returns (user_id, profile) fills in the fields each call leaves out, and the fields a call gives
 * win. With a `catalog` (from `defineJourneys()`), every call is checked against it before it is
 * sent; `req.journeys.untyped` skips it. One client is created per middleware (not per request).
 * Mounting it twice is harmless: `req.journeys` is only set when absent.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { journeys } from '@journeykit/express';
 *
 * const app = express();
 * app.use(express.json());
 * app.use(journeys({
 *   apiKey: process.env.COURIER_API_KEY,
 *   identify: (req) => (req.user ? { user_id: req.user.id, profile: { email: req.user.email } } : undefined),
 * }));
 * app.post('/signup', async (req, res) => {
 *   const { runId } = await req.journeys.invoke('welcome', { data: { plan: 'pro' } });
 *   res.json({ runId });
 * });
 * ```
 */
export function journeys(options: JourneysMiddlewareOptions = {}): JourneysMiddleware {
  const { client, untyped, lifecycleClient, owned } = resolveClient(options);
  const context: JourneysContext = {
    client,
    untyped,
    lifecycle: forwardLifecycle(lifecycleClient, { caller: 'req.journeys', option: 'journeys({ client })' }),
    identify: options.identify,
    timeoutMs: (options as { timeoutMs?: number }).timeoutMs,
    onAfterResponseError: options.onAfterResponseError,
    outbox: options.outbox,
    pending: new Set(),
    names: EXPRESS_NAMES,
  };
  let closing: Promise<void> | undefined;

  async function drainAndClose(): Promise<void> {
    // Settled tasks remove themselves; loop in case one finished by starting another.
    while (context.pending.size > 0) await Promise.all(context.pending);
    if (owned) await (client as { close?: () => Promise<void> }).close?.();
  }

  const middleware = function journeysMiddleware(req: Request, _res: Response, next: NextFunction): void {
    if (ownJourneys(req) === undefined) req.journeys = new BoundJourneys(context, req);
    next();
  };
  return Object.defineProperties(middleware, {
    client: { value: client, enumerable: true },
    close: { value: () => (closing ??= drainAndClose()) },
  }) as JourneysMiddleware;
}
