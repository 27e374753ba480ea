import type { JourneysClientOptions, JourneysInvoker } from '@journeykit/core';
import type { JourneysCatalogOption } from '@journeykit/core/internal';
import type { ConfigurableModuleAsyncOptions } from '@nestjs/common';

/** What both forms of the options share. */
export interface JourneysCatalogModuleOptions {
  /**
   * Your journeys, from `defineJourneys()`: every `JourneysService` call is checked against it before
   * anything is sent, by the client the module creates or around the `client` you pass. Its types
   * reach `JourneysService` when you register it (core's `Register`), or through
   * `JourneysService<typeof catalog>`; once registered, only that catalog is accepted here.
   */
  catalog?: JourneysCatalogOption;
}

/**
 * Options that make `JourneysModule` create (and, on application shutdown, close) its own
 * `JourneysClient`: every `JourneysClientOptions` field (`apiKey` defaults to `COURIER_API_KEY`).
 */
export interface JourneysClientModuleOptions extends Omit<JourneysClientOptions, 'catalog'>, JourneysCatalogModuleOptions {
  /** Left out: the module creates the client from these options. */
  client?: undefined;
}

/**
 * Options that make `JourneysModule` delegate to an invoker you own: a `JourneysClient` you share
 * with other code, a `FakeJourneysClient` from `@journeykit/testkit`, or your own wrapper. The
 * module never closes it. With a `catalog`, calls are checked against it before they reach it.
 */
export interface JourneysInvokerModuleOptions extends JourneysCatalogModuleOptions {
  /** The invoker every `JourneysService` call goes to; used as is, never closed by the module. */
  client: JourneysInvoker;
}

/**
 * What `JourneysModule.forRoot()` takes and what an async factory resolves to: either a ready
 * `client`, or the options of the `JourneysClient` the module creates. Not both: client options
 * next to a `client` would be silently ignored, so the module refuses them. `catalog` goes with
 * either.
 *
 * @example
 * ```ts
 * const viaKey: JourneysModuleOptions = { apiKey: process.env.COURIER_API_KEY, timeoutMs: 5_000, catalog };
 * const viaClient: JourneysModuleOptions = { client: new FakeJourneysClient(), catalog };
 * ```
 */
export type JourneysModuleOptions = JourneysClientModuleOptions | JourneysInvokerModuleOptions;

/** Options of the dynamic module itself, next to the journeys options. */
export interface JourneysModuleExtras {
  /** Register the module globally, so feature modules need not import it. Default `false`. */
  isGlobal?: boolean;
}

/**
 * A class given to `forRootAsync({ useClass })` or `forRootAsync({ useExisting })`.
 *
 * @example
 * ```ts
 * @Injectable()
 * class JourneysConfig implements JourneysOptionsFactory {
 *   constructor(private readonly config: ConfigService) {}
 *   createJourneysOptions(): JourneysModuleOptions {
 *     return { apiKey: this.config.get('COURIER_API_KEY') };
 *   }
 * }
 * ```
 */
export interface JourneysOptionsFactory {
  /** Returns (or resolves to) the module's options; called once, when the module starts. */
  createJourneysOptions(): JourneysModuleOptions | Promise<JourneysModuleOptions>;
}

/** What `JourneysModule.forRootAsync()` takes: `imports`, `inject` and one of useFactory / useClass / useExisting. */
export type JourneysModuleAsyncOptions = ConfigurableModuleAsyncOptions<JourneysModuleOptions, 'createJourneysOptions'> & JourneysModuleExtras;
