import {
  JourneysConfigurationError,
  isJourneyCatalog,
  isPlainObject,
  prepareInvocation,
  type AnyJourneyCatalog,
  type InvokeOptions,
  type InvokeRequest,
  type JourneysInvoker,
  type RegisteredCatalog,
} from '@journeykit/core';

/**
 * The catalog `JourneysModule` accepts: once an app registers its catalog (core's `Register`), only
 * that one, so the types of `JourneysService` and the run-time checks agree.
 */
export type JourneysCatalogOption = RegisteredCatalog extends AnyJourneyCatalog ? RegisteredCatalog : AnyJourneyCatalog;

// A request body can never reach this size, so only the client's own limit applies (and reports it).
const NO_SIZE_LIMIT = Number.MAX_SAFE_INTEGER;

/** Checks that `catalog` (when given) was made by `defineJourneys()`. */
export function checkCatalog(catalog: unknown): AnyJourneyCatalog | undefined {
  if (catalog === undefined) return undefined;
  if (!isJourneyCatalog(catalog)) throw new JourneysConfigurationError('catalog must be made by defineJourneys() from @journeykit/core');
  return catalog;
}

/**
 * The invoker that skips the catalog: the invoker's own `untyped` when it has one (a
 * `JourneysClient` made with a catalog), else the invoker itself.
 */
export function untypedOf(invoker: JourneysInvoker): JourneysInvoker {
  const untyped = (invoker as { untyped?: unknown }).untyped;
  return untyped !== null && typeof untyped === 'object' && typeof (untyped as JourneysInvoker).invoke === 'function'
    ? (untyped as JourneysInvoker)
    : invoker;
}

/**
 * Wraps an invoker someone else built so that each call is checked against `catalog` first, with
 * the very errors a `JourneysClient` made with that catalog throws: a call that fails the catalog
 * is handed to core's `prepareInvocation`, which reports it together with every other problem.
 * A call that passes goes to `invoker` untouched, which validates it as it always does.
 */
export function checkedByCatalog(invoker: JourneysInvoker, catalog: AnyJourneyCatalog): JourneysInvoker {
  function check(templateId: string, request: InvokeRequest, options: InvokeOptions | undefined): void {
    if (typeof templateId === 'string' && isPlainObject(request) && catalog.check(templateId, request).length === 0) return;
    prepareInvocation(templateId, request, options, NO_SIZE_LIMIT, catalog);
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
