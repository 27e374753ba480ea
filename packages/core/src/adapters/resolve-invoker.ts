import { JourneysClient, type JourneysClientOptions } from '../client/client.js';
import type { AnyJourneyCatalog } from '../catalog/catalog.js';
import { assertJourneyCatalog, untypedOf, withCatalog } from './catalog-invoker.js';
import { JourneysConfigurationError } from '../errors/errors.js';
import type { JourneysInvoker } from '../contract/types.js';
import { CLIENT_OPTION_NAMES } from '../client/client-options.js';
import { rejectUnknownOptions } from '../input/option-names.js';

const ADAPTER_OPTION_NAMES = ['client', ...CLIENT_OPTION_NAMES];

/** The invoker an adapter works with, from {@link resolveInvoker}. */
export interface ResolvedInvoker {
  /** Checks calls against the catalog, when there is one. */
  invoker: JourneysInvoker;
  /** The same calls without the catalog check (the `untyped` escape hatch). */
  untyped: JourneysInvoker;
  /** The client created here, which the adapter must close on shutdown; undefined for a client the user gave. */
  owned: JourneysClient<AnyJourneyCatalog | undefined> | undefined;
}

/**
 * The rule every adapter applies to its options: either a ready `client` (any
 * `JourneysInvoker`, never closed by the adapter) or the options of a `JourneysClient` it creates
 * and owns, never both; plus an optional `catalog` checked around either. Express's `journeys()`
 * and Nest's `JourneysModule` both call it, so they accept and refuse the same options.
 *
 * @param owner names the adapter in error messages, e.g. `'journeys()'`.
 * @param options the adapter's options with its own keys (identify, isGlobal, ...) removed.
 *
 * @example
 * ```ts
 * const { invoker, untyped, owned } = resolveInvoker('journeys()', { apiKey, catalog });
 * // ... on shutdown:
 * await owned?.close();
 * ```
 */
export function resolveInvoker(owner: string, options: { client?: unknown; catalog?: unknown } & Record<string, unknown>): ResolvedInvoker {
  rejectUnknownOptions(owner, options, ADAPTER_OPTION_NAMES);
  const { client, catalog: given, ...rest } = options;
  const catalog = assertJourneyCatalog(given);
  const clientOptions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) if (value !== undefined) clientOptions[key] = value;
  if (client === undefined || client === null) {
    const created = new JourneysClient<AnyJourneyCatalog | undefined>({ ...(clientOptions as JourneysClientOptions), catalog });
    return { invoker: created, untyped: created.untyped, owned: created };
  }
  if (typeof (client as { invoke?: unknown }).invoke !== 'function') {
    throw new JourneysConfigurationError(`${owner}: client must implement invoke(templateId, request, options), like JourneysClient`);
  }
  const extra = Object.keys(clientOptions);
  if (extra.length > 0) {
    // Names only: a value here may be the API key.
    throw new JourneysConfigurationError(
      `${owner}: pass either client or JourneysClient options, not both (got client and client options (${extra.join(', ')})); ` +
        'configure the client you pass instead',
    );
  }
  const ready = client as JourneysInvoker;
  return { invoker: catalog === undefined ? ready : withCatalog(ready, catalog), untyped: untypedOf(ready), owned: undefined };
}
