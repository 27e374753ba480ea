import {
  assertJourneyCatalog,
  JourneysClient,
  JourneysConfigurationError,
  untypedOf,
  withCatalog,
  type AnyJourneyCatalog,
  type JourneysClientOptions,
  type JourneysInvoker,
} from '@journeykit/core';
import type { JourneysModuleOptions } from './journeys-module-options.interface.js';

/** The invokers the service delegates to, and the client it must close (only one it created). */
export interface CreatedInvoker {
  /** Checks calls against the catalog, when there is one. */
  invoker: JourneysInvoker;
  /** The escape hatch: the same client without the catalog. */
  untyped: JourneysInvoker;
  owned: JourneysClient<AnyJourneyCatalog | undefined> | undefined;
}

/**
 * Turns module options into an invoker. A given `client` is used as is (behind a catalog check
 * when there is a `catalog`); otherwise a `JourneysClient` is built from the options, catalog
 * included (its constructor reports a missing key or a bad URL, so a misconfigured app fails at
 * bootstrap, not on its first journey).
 */
export function createJourneysInvoker(options: JourneysModuleOptions | undefined): CreatedInvoker {
  if (options === undefined || options === null) return fromClientOptions({});
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new JourneysConfigurationError('JourneysModule options must be an object (what forRoot takes or the forRootAsync factory returns)');
  }
  const { client, catalog: given, ...clientOptions } = options as JourneysModuleOptions & Record<string, unknown>;
  const catalog = assertJourneyCatalog(given);
  if (client === undefined) return fromClientOptions({ ...clientOptions, catalog });
  if (client === null || typeof (client as { invoke?: unknown }).invoke !== 'function') {
    throw new JourneysConfigurationError('JourneysModule option "client" must implement invoke(templateId, request, options)');
  }
  const ignored = Object.keys(clientOptions).filter((key) => clientOptions[key] !== undefined);
  if (ignored.length > 0) {
    throw new JourneysConfigurationError(
      `JourneysModule got a "client" and client options (${ignored.join(', ')}); ` +
        'those options only configure the client the module creates: set them on your client instead',
    );
  }
  return { invoker: catalog === undefined ? client : withCatalog(client, catalog), untyped: untypedOf(client), owned: undefined };
}

function fromClientOptions(options: JourneysClientOptions<AnyJourneyCatalog | undefined>): CreatedInvoker {
  const client = new JourneysClient(options);
  return { invoker: client, untyped: client.untyped, owned: client };
}
