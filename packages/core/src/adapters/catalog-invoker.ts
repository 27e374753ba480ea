import { type AnyJourneyCatalog, type RegisteredCatalog, isJourneyCatalog } from '../catalog/catalog.js';
import { JourneysConfigurationError } from '../errors/errors.js';
import { isPlainObject } from '../input/json-values.js';
import type { InvokeOptions, InvokeRequest, JourneysInvoker } from '../contract/types.js';
import { DEFAULT_MAX_REQUEST_BYTES, prepareInvocation } from '../input/validate.js';

/**
 * The catalog an adapter option accepts: once an app registers its catalog (see `Register`),
 * only that one, so the adapter's types and its run-time checks agree.
 */
export type JourneysCatalogOption = RegisteredCatalog extends AnyJourneyCatalog ? RegisteredCatalog : AnyJourneyCatalog;

// Far above any body worth sending, so the wrapped invoker's own limit is the one that reports a
// large body; yet finite, so that reading a hostile request (a sparse array of length 2^32-1,
// shared references that expand to billions of paths) still stops early.
const WALK_LIMIT = 16 * DEFAULT_MAX_REQUEST_BYTES;

/** Returns `catalog` when it was made by `defineJourneys()` (or is undefined); throws a configuration error otherwise. */
export function assertJourneyCatalog(catalog: unknown): AnyJourneyCatalog | undefined {
  if (catalog === undefined) return undefined;
  if (!isJourneyCatalog(catalog)) throw new JourneysConfigurationError('catalog must be made by defineJourneys() from @journeykit/core');
  return catalog;
}

/**
 * The invoker that skips the catalog: the invoker's own `untyped` when it has one (a client made
 * with a catalog), else the invoker itself.
 */
export function untypedOf(invoker: JourneysInvoker): JourneysInvoker {
  const untyped = (invoker as { untyped?: unknown }).untyped;
  return untyped !== null && typeof untyped === 'object' && typeof (untyped as JourneysInvoker).invoke === 'function'
    ? (untyped as JourneysInvoker)
    : invoker;
}

/**
 * Wraps an invoker someone else built (a plain client, a fake) so that each call is checked
 * against `catalog` first, with the very errors a `JourneysClient` made with that catalog throws:
 * a call that fails the catalog is handed to `prepareInvocation`, which reports it together with
 * every other problem. A call that passes goes to `invoker` untouched. Adapters use it when the
 * user gives both a `client` and a `catalog`.
 *
 * @example
 * ```ts
 * const checked = withCatalog(new FakeJourneysClient(), catalog);
 * await checked.invoke('order-shipped', { user_id: 'u1', data: {} }); // rejects: data.order_id is required
 * ```
 */
export function withCatalog(invoker: JourneysInvoker, catalog: AnyJourneyCatalog): JourneysInvoker {
  function check(templateId: string, request: InvokeRequest, options: InvokeOptions | undefined): void {
    if (typeof templateId === 'string' && isPlainObject(request) && catalog.check(templateId, request).length === 0) return;
    prepareInvocation(templateId, request, options, WALK_LIMIT, catalog);
  }
  return {
    invoke(templateId, request, options) {
      try {
        check(templateId, request, options);
      } catch (error) {
        return Promise.reject(error);
      }
      return invoker.invoke(templateId, request, options);
    },
  };
}
