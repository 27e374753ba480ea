import { JourneysConfigurationError, type JourneysClientOptions, type JourneysEnqueuer, type JourneysInvoker } from '@journeykit/core';
import { CLIENT_OPTION_NAMES, rejectUnknownOptions, type IdentifyRequest, type JourneysCatalogOption } from '@journeykit/core/internal';
import type { Context, Env } from 'hono';

/**
 * Returns the user fields for a request (`user_id` and/or `profile`), or `undefined` for an
 * anonymous request. Called at each `invoke()` and `enqueue()`, so it sees what your auth
 * middleware put in `c.var`. May be async (e.g. to load the profile).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Hono's own default: an untyped app's context
export type Identify<E extends Env = any> = IdentifyRequest<Context<E>>;

/** The options that belong to the Hono middleware itself, whichever way the client is chosen. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Hono's own default: an untyped app's context
export interface JourneysMiddlewareAdapterOptions<E extends Env = any> {
  /**
   * Maps a request to the user it acts for; its fields fill in what each call leaves out. It runs
   * under each call's deadline (the call's `signal` and `timeoutMs`, else the middleware's
   * `timeoutMs`, else 30 s). Returning a bad identity (`{ user_id: 42 }`) fails the call with a
   * configuration error (HTTP 500) that names `identify`: a server bug, not the caller's input.
   */
  identify?: Identify<E>;
  /**
   * Your journeys, from `defineJourneys()`: every call through `c.var.journeys` is checked against
   * it before anything is sent. Its types reach `c.var.journeys` when you register it (core's `Register`).
   */
  catalog?: JourneysCatalogOption;
  /**
   * Durable delivery for `c.var.journeys.enqueue()`: a `JourneysOutbox` from `@journeykit/outbox`
   * (Node only: it needs PostgreSQL) or the test kit's `FakeJourneysOutbox`. Never stopped by the
   * middleware: you own it.
   */
  outbox?: JourneysEnqueuer;
}

/** The `JourneysClient` options the middleware takes (the catalog is an adapter option: it also checks a given `client`). */
export type JourneysMiddlewareClientOptions = Omit<JourneysClientOptions, 'catalog'>;

/**
 * Options of the {@link journeys} middleware: either a ready `client` (any `JourneysInvoker`, such
 * as a shared `JourneysClient` or the test kit's `FakeJourneysClient`; never closed by the
 * middleware), or the `JourneysClient` options (`apiKey`, `baseUrl`, `timeoutMs`, ...) for a client
 * the middleware creates and closes in `middleware.close()`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Hono's own default: an untyped app's context
export type JourneysMiddlewareOptions<E extends Env = any> = JourneysMiddlewareAdapterOptions<E> &
  (
    | ({ client: JourneysInvoker } & { [K in keyof JourneysMiddlewareClientOptions]?: never })
    | ({ client?: undefined } & JourneysMiddlewareClientOptions)
  );

// Refused otherwise: from JavaScript a misspelt `identify` would leave every call anonymous, in silence.
const MIDDLEWARE_OPTION_NAMES = ['identify', 'outbox', 'client', ...CLIENT_OPTION_NAMES];

/** Checks the middleware's own options; returns the rest (client or client options, catalog) for core's `resolveInvoker`. */
export function checkMiddlewareOptions(options: JourneysMiddlewareOptions): Record<string, unknown> {
  if (options === null || typeof options !== 'object') {
    throw new JourneysConfigurationError('journeys() options must be an object');
  }
  rejectUnknownOptions('journeys()', options, MIDDLEWARE_OPTION_NAMES);
  if (options.identify !== undefined && typeof options.identify !== 'function') {
    const given = options.identify as unknown;
    throw new JourneysConfigurationError(`identify must be a function, got ${given === null ? 'null' : typeof given}`);
  }
  if (options.outbox !== undefined && typeof (options.outbox as { enqueue?: unknown } | null)?.enqueue !== 'function') {
    throw new JourneysConfigurationError('outbox must implement enqueue(templateId, request, options), like JourneysOutbox from @journeykit/outbox');
  }
  const { identify: _identify, outbox: _outbox, ...rest } = options;
  return rest;
}
