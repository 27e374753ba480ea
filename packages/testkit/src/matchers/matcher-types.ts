/**
 * The types of the journey matchers, shared by the vitest and Jest entries: each entry merges
 * `JourneyMatchers` into its runner's `Matchers` interface.
 */
import type { CancelRequest, JourneyId } from '@journeykit/core';
import type { PartialRequest } from './matchers.js';

/**
 * The template IDs a matcher takes for a received value: a `FakeJourneysClient` made with a
 * catalog takes only the catalog's IDs (a typo is a compile error); anything else takes any string.
 */
export type MatcherTemplateId<T> = T extends { readonly catalog: infer C } ? JourneyId<C> : string;

/**
 * The journey matchers as they appear on `expect(...)`; `T` is the received value's type and `R`
 * what a matcher returns (`void` in vitest, Jest's `R` in Jest).
 *
 * @example
 * ```ts
 * expect(fake).toHaveInvokedJourney('welcome', { user_id: 'u1' });
 * expect(server).toHaveInvokedJourneyTimes('order-shipped', 1);
 * expect(fake).toHaveCanceledRun({ cancelation_token: 'order-o1' });
 * ```
 */
export interface JourneyMatchers<T = unknown, R = void> {
  /**
   * Passes when the fake client or fake server ran `templateId`, with a request matching
   * `partialRequest` (recursively, like `toMatchObject`) if given.
   */
  toHaveInvokedJourney(templateId: MatcherTemplateId<T>, partialRequest?: PartialRequest): R;
  /** Passes when `templateId` ran exactly `times` times (idempotent replays do not count). */
  toHaveInvokedJourneyTimes(templateId: MatcherTemplateId<T>, times: number): R;
  /** Passes when the fake outbox enqueued `templateId`, with a request matching `partialRequest` if given. */
  toHaveEnqueuedJourney(templateId: MatcherTemplateId<T>, partialRequest?: PartialRequest): R;
  /** Passes when the fake outbox enqueued `templateId` exactly `times` times. */
  toHaveEnqueuedJourneyTimes(templateId: MatcherTemplateId<T>, times: number): R;
  /**
   * Passes when a cancel named `target`: `{ cancelation_token }`, or `{ run_id }` (canceled by its id,
   * or stopped by a cancel by token).
   */
  toHaveCanceledRun(target: CancelRequest): R;
  /** Passes when `templateId` was invoked (with a request matching `partialRequest`, if given) and that run was then canceled. */
  toHaveCanceledJourney(templateId: MatcherTemplateId<T>, partialRequest?: PartialRequest): R;
}
