import { Inject } from '@nestjs/common';
import { JOURNEYS_INVOKER } from './journeys.constants.js';

/**
 * Injects the module's `JourneysInvoker` by token: the same instance as `JourneysService`, typed
 * as the interface. Overriding `JourneysService` in a testing module overrides this too.
 *
 * @example
 * ```ts
 * @Injectable()
 * export class Onboarding {
 *   constructor(@InjectJourneys() private readonly journeys: JourneysInvoker) {}
 *
 *   welcome(email: string) {
 *     return this.journeys.invoke('welcome', { profile: { email } });
 *   }
 * }
 * ```
 */
export function InjectJourneys(): PropertyDecorator & ParameterDecorator {
  return Inject(JOURNEYS_INVOKER);
}
