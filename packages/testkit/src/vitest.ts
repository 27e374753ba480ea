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
 * ```
 */
import type { JourneyId } from '@journeykit/core';
import { expect } from 'vitest';
import { toHaveInvokedJourney, toHaveInvokedJourneyTimes, type PartialRequest } from './matchers.js';
import { toHaveEnqueuedJourney, toHaveEnqueuedJourneyTimes } from './outbox-matchers.js';

expect.extend({ toHaveInvokedJourney, toHaveInvokedJourneyTimes, toHaveEnqueuedJourney, toHaveEnqueuedJourneyTimes });

export { toHaveInvokedJourney, toHaveInvokedJourneyTimes, toHaveEnqueuedJourney, toHaveEnqueuedJourneyTimes };
export type { InvocationSource, MatcherResult, PartialRequest } from './matchers.js';

/**
 * The template IDs a matcher takes for a received value: a `FakeJourneysClient` made with a
 * catalog takes only the catalog's IDs (a typo is a compile error); anything else takes any string.
 */
export type MatcherTemplateId<T> = T extends { readonly catalog: infer C } ? JourneyId<C> : string;

/** The journey matchers as they appear on `expect(...)`; `T` is the received value's type. */
export interface JourneyMatchers<T = unknown> {
  /**
   * Passes when the fake client or fake server ran `templateId`, with a request matching
   * `partialRequest` (recursively, like `toMatchObject`) if given.
   */
  toHaveInvokedJourney(templateId: MatcherTemplateId<T>, partialRequest?: PartialRequest): void;
  /** Passes when `templateId` ran exactly `times` times (idempotent replays do not count). */
  toHaveInvokedJourneyTimes(templateId: MatcherTemplateId<T>, times: number): void;
  /** Passes when the fake outbox enqueued `templateId`, with a request matching `partialRequest` if given. */
  toHaveEnqueuedJourney(templateId: MatcherTemplateId<T>, partialRequest?: PartialRequest): void;
  /** Passes when the fake outbox enqueued `templateId` exactly `times` times. */
  toHaveEnqueuedJourneyTimes(templateId: MatcherTemplateId<T>, times: number): void;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends JourneyMatchers<T> {}
}
