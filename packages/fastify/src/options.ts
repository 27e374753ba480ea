import {
  JourneysConfigurationError,
  type JourneysClientOptions,
  type JourneysEnqueuer,
  type JourneysError,
  type JourneysInvoker,
} from '@journeykit/core';
import { CLIENT_OPTION_NAMES, rejectUnknownOptions, type IdentifyRequest, type JourneysCatalogOption } from '@journeykit/core/internal';
import type { FastifyRequest } from 'fastify';

/**
 * Returns the user fields for a request (`user_id` and/or `profile`), or `undefined` for an
 * anonymous request. Called at each `invoke()` and `enqueue()`, so it sees what your auth hooks put
 * on the request. May be async (e.g. to load the profile).
 */
export type Identify = IdentifyRequest<FastifyRequest>;

/** The options that belong to the Fastify plugin itself, whichever way the client is chosen. */
export interface JourneysPluginAdapterOptions {
  /**
   * Maps a request to the user it acts for; its fields fill in what each call leaves out. It runs
   * under each call's deadline (the call's `signal` and `timeoutMs`, else the plugin's `timeoutMs`,
   * else 30 s). Returning a bad identity (`{ user_id: 42 }`) fails the call with a configuration
   * error (HTTP 500) that names `identify`: a server bug, not the caller's input.
   */
  identify?: Identify;
  /**
   * Your journeys, from `defineJourneys()`: every call through `request.journeys` is checked against
   * it before anything is sent. Its types reach `request.journeys` when you register it (core's `Register`).
   */
  catalog?: JourneysCatalogOption;
  /**
   * Durable delivery for `request.journeys.enqueue()`: a `JourneysOutbox` from `@journeykit/outbox`
   * (or the test kit's `FakeJourneysOutbox`). Never stopped by the plugin: you own it.
   */
  outbox?: JourneysEnqueuer;
  /**
   * Answer journeykit errors with the one error body every adapter uses
   * (`{ statusCode, error, message, code, issues? }`); other errors go to the error handler that was
   * set before. Default true; false leaves every error to your own handler.
   */
  errorHandler?: boolean;
  /** Sees each journeykit error the plugin answers, before the reply is sent: log it here. */
  onError?: (error: JourneysError, request: FastifyRequest) => void;
}

/** The `JourneysClient` options the plugin takes (the catalog is an adapter option: it also checks a given `client`). */
export type JourneysPluginClientOptions = Omit<JourneysClientOptions, 'catalog'>;

/**
 * Options of the {@link journeys} plugin: either a ready `client` (any `JourneysInvoker`, such as a
 * shared `JourneysClient` or the test kit's `FakeJourneysClient`; left open on close), or the
 * `JourneysClient` options (`apiKey`, `baseUrl`, `timeoutMs`, ...) for a client the plugin creates
 * and closes in Fastify's `onClose`.
 */
export type JourneysPluginOptions = JourneysPluginAdapterOptions &
  (({ client: JourneysInvoker } & { [K in keyof JourneysPluginClientOptions]?: never }) | ({ client?: undefined } & JourneysPluginClientOptions));

// Fastify hands `register`'s own options to the plugin too; they are not ours to refuse.
const FASTIFY_REGISTER_OPTIONS = ['prefix', 'logLevel', 'logSerializers'];
const PLUGIN_OPTION_NAMES = ['identify', 'outbox', 'client', 'errorHandler', 'onError', ...CLIENT_OPTION_NAMES, ...FASTIFY_REGISTER_OPTIONS];

function checkFunction(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new JourneysConfigurationError(`${name} must be a function, got ${value === null ? 'null' : typeof value}`);
  }
}

/** Checks the plugin's own options; returns the rest (client or client options, catalog) for core's `resolveInvoker`. */
export function checkPluginOptions(options: JourneysPluginOptions): Record<string, unknown> {
  if (options === null || typeof options !== 'object') {
    throw new JourneysConfigurationError('the journeys plugin options must be an object');
  }
  rejectUnknownOptions('the journeys plugin', options, PLUGIN_OPTION_NAMES);
  checkFunction('identify', options.identify);
  checkFunction('onError', options.onError);
  if (options.errorHandler !== undefined && typeof options.errorHandler !== 'boolean') {
    throw new JourneysConfigurationError(`errorHandler must be true or false, got ${typeof options.errorHandler}`);
  }
  if (options.outbox !== undefined && typeof (options.outbox as { enqueue?: unknown } | null)?.enqueue !== 'function') {
    throw new JourneysConfigurationError('outbox must implement enqueue(templateId, request, options), like JourneysOutbox from @journeykit/outbox');
  }
  const rest: Record<string, unknown> = { ...options };
  for (const own of ['identify', 'outbox', 'errorHandler', 'onError', ...FASTIFY_REGISTER_OPTIONS]) delete rest[own];
  return rest;
}
