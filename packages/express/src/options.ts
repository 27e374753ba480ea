import { JourneysConfigurationError, type JourneysClientOptions, type JourneysEnqueuer, type JourneysInvoker } from '@journeykit/core';
import {
  CLIENT_OPTION_NAMES,
  rejectUnknownOptions,
  resolveInvoker,
  type IdentifyRequest,
  type JourneysCatalogOption,
} from '@journeykit/core/internal';
import type { Request } from 'express';

/**
 * Returns the user fields for a request (`user_id` and/or `profile`), or `undefined` for an
 * anonymous request. Called at each `invoke()`, so it sees what auth middleware mounted after
 * `journeys()` put on the request. May be async (e.g. to load the profile).
 */
export type Identify = IdentifyRequest<Request>;

/** Reports a failure of a journey started after the response; see {@link invokeAfterResponse}. */
export type AfterResponseErrorReporter = (error: unknown, req: Request) => void;

/** The options that belong to the Express adapter itself, whichever way the client is chosen. */
export interface JourneysAdapterOptions {
  /**
   * Maps a request to the user it acts for; its fields fill in what each call leaves out. It runs
   * under each call's deadline (the call's `signal` and `timeoutMs`, else the middleware's
   * `timeoutMs`, else 30 s). Returning a bad identity (`{ user_id: 42 }`) fails the call with a
   * configuration error (HTTP 500) that names `identify`: a server bug, not the caller's input.
   */
  identify?: Identify;
  /**
   * Default reporter for journeys started after the response that fail (a route's own `onError`
   * wins). Default: a process warning, so a failure is never silent and never crashes the process.
   */
  onAfterResponseError?: AfterResponseErrorReporter;
  /**
   * Your journeys, from `defineJourneys()`: every call through `req.journeys` (and the after-response
   * helpers) is checked against it before anything is sent, by the client the middleware creates or
   * around the `client` you pass. Its types reach `req.journeys` when you register it (core's
   * `Register`); once registered, only that catalog is accepted here.
   */
  catalog?: JourneysCatalogOption;
  /**
   * Durable delivery for `req.journeys.enqueue()`: a `JourneysOutbox` from `@journeykit/outbox`
   * (or the test kit's `FakeJourneysOutbox`). The identity fills in each enqueued request like it
   * does for `invoke`. Never stopped by the middleware: you own it.
   */
  outbox?: JourneysEnqueuer;
}

/** The `JourneysClient` options the middleware takes (the catalog is an adapter option: it also checks a given `client`). */
export type JourneysMiddlewareClientOptions = Omit<JourneysClientOptions, 'catalog'>;

/**
 * Options of {@link journeys}: either a ready `client` (any `JourneysInvoker`, such as a shared
 * `JourneysClient` or the test kit's `FakeJourneysClient`), or the `JourneysClient` options
 * (`apiKey`, `baseUrl`, `timeoutMs`, ...) for a client the middleware creates and owns.
 */
export type JourneysMiddlewareOptions = JourneysAdapterOptions &
  (
    | ({ client: JourneysInvoker } & { [K in keyof JourneysMiddlewareClientOptions]?: never })
    | ({ client?: undefined } & JourneysMiddlewareClientOptions)
  );

/** The middleware's invokers, and whether the middleware created the client (and so must close it). */
export interface ResolvedClient {
  /** Checks calls against the catalog, when there is one. */
  client: JourneysInvoker;
  /** The escape hatch: the same client without the catalog. */
  untyped: JourneysInvoker;
  /** The client itself (given or created): what `req.journeys.cancel` and `.runs` call. */
  lifecycleClient: unknown;
  owned: boolean;
}

// Refused otherwise: from JavaScript a misspelt `identify` would leave every call anonymous, in silence.
const MIDDLEWARE_OPTION_NAMES = ['identify', 'onAfterResponseError', 'client', 'outbox', ...CLIENT_OPTION_NAMES];

function checkFunction(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new JourneysConfigurationError(`${name} must be a function, got ${value === null ? 'null' : typeof value}`);
  }
}

/**
 * Checks the middleware's own options, then leaves "a client or client options, plus a
 * catalog" to core's `resolveInvoker`, the rule the Nest module follows too.
 */
export function resolveClient(options: JourneysMiddlewareOptions): ResolvedClient {
  if (options === null || typeof options !== 'object') {
    throw new JourneysConfigurationError('journeys() options must be an object');
  }
  rejectUnknownOptions('journeys()', options, MIDDLEWARE_OPTION_NAMES);
  checkFunction('identify', options.identify);
  checkFunction('onAfterResponseError', options.onAfterResponseError);
  if (options.outbox !== undefined && typeof (options.outbox as { enqueue?: unknown } | null)?.enqueue !== 'function') {
    throw new JourneysConfigurationError('outbox must implement enqueue(templateId, request, options), like JourneysOutbox from @journeykit/outbox');
  }
  const { identify: _identify, onAfterResponseError: _onError, outbox: _outbox, ...rest } = options;
  const { invoker, untyped, owned } = resolveInvoker('journeys()', rest);
  return { client: invoker, untyped, lifecycleClient: owned ?? options.client, owned: owned !== undefined };
}
