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
import type { JourneyMatchers } from './matcher-types.js';
import { journeyMatchers } from './journey-matchers.js';

expect.extend(journeyMatchers);

export { toHaveInvokedJourney, toHaveInvokedJourneyTimes } from './matchers.js';
export { toHaveEnqueuedJourney, toHaveEnqueuedJourneyTimes } from './outbox-matchers.js';
export { toHaveCanceledRun, toHaveCanceledJourney } from './cancel-matchers.js';
export type { CancellationSource } from './cancel-matchers.js';
export type { InvocationSource, MatcherResult, PartialRequest } from './matchers.js';
export type { JourneyMatchers, MatcherTemplateId } from './matcher-types.js';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends JourneyMatchers<T> {}
}
