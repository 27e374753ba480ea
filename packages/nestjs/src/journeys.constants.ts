/**
 * Injection token of the module's {@link JourneysInvoker} (the `JourneysService` instance), for
 * code that prefers tokens to classes, e.g. to depend on the interface only.
 *
 * `Symbol.for` so that the ESM and CJS builds of this package, if both end up loaded, agree on it.
 *
 * @example
 * ```ts
 * @Injectable()
 * export class Onboarding {
 *   constructor(@Inject(JOURNEYS_INVOKER) private readonly journeys: JourneysInvoker) {}
 * }
 * ```
 */
export const JOURNEYS_INVOKER: unique symbol = Symbol.for('@journeykit/nestjs:JOURNEYS_INVOKER');
