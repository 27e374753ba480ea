import {
  JourneysClient,
  JourneysConfigurationError,
  type JourneysClientOptions,
  type JourneysInvoker,
} from '@journeykit/core';
import type { JourneysModuleOptions } from './journeys-module-options.interface.js';

/** The invoker the service delegates to, and the client it must close (only one it created). */
export interface CreatedInvoker {
  invoker: JourneysInvoker;
  owned: JourneysClient | undefined;
}

/**
 * Turns module options into an invoker. A given `client` is used as is; otherwise a
 * `JourneysClient` is built from the options (its constructor reports a missing key or a bad URL,
 * so a misconfigured app fails at bootstrap, not on its first journey).
 */
export function createJourneysInvoker(options: JourneysModuleOptions | undefined): CreatedInvoker {
  if (options === undefined || options === null) return fromClientOptions({});
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new JourneysConfigurationError('JourneysModule options must be an object (what forRoot takes or the forRootAsync factory returns)');
  }
  const { client, ...clientOptions } = options as JourneysModuleOptions & Record<string, unknown>;
  if (client === undefined) return fromClientOptions(clientOptions);
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
  return { invoker: client, owned: undefined };
}

function fromClientOptions(options: JourneysClientOptions): CreatedInvoker {
  const client = new JourneysClient(options);
  return { invoker: client, owned: client };
}
