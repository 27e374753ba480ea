/**
 * `@journeykit/testkit/vitest`: importing this module registers the journey matchers with
 * vitest's `expect` and types them on `Assertion`. Import it in a test file or in a
 * `setupFiles` module.
 *
 * @example
 * ```ts
 * import '@journeykit/testkit/vitest';
 *
 * expect(fake).toHaveInvokedJourney('welcome', { user_id: 'u1' });
 * expect(server).toHaveInvokedJourneyTimes('order-shipped', 1);
 * expect(fake).toHaveCanceledJourney('order-reminder', { data: { order_id: 'o1' } });
 * ```
 */
import { expect } from 'vitest';
import type { JourneyMatchers } from './matchers/matcher-types.js';
import { journeyMatchers } from './matchers/journey-matchers.js';

expect.extend(journeyMatchers);

export { toHaveInvokedJourney, toHaveInvokedJourneyTimes } from './matchers/matchers.js';
export { toHaveEnqueuedJourney, toHaveEnqueuedJourneyTimes } from './matchers/outbox-matchers.js';
export { toHaveCanceledRun, toHaveCanceledJourney } from './matchers/cancel-matchers.js';
export type { CancellationSource } from './matchers/cancel-matchers.js';
export type { InvocationSource, MatcherResult, PartialRequest } from './matchers/matchers.js';
export type { JourneyMatchers, MatcherTemplateId } from './matchers/matcher-types.js';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends JourneyMatchers<T> {}
}
