/**
 * Every journey matcher in one object, for the vitest and Jest entries to register the same set
 * with their runner's `expect.extend`.
 */
import { toHaveCanceledJourney, toHaveCanceledRun } from './cancel-matchers.js';
import { toHaveInvokedJourney, toHaveInvokedJourneyTimes } from './matchers.js';
import { toHaveEnqueuedJourney, toHaveEnqueuedJourneyTimes } from './outbox-matchers.js';

export const journeyMatchers = {
  toHaveInvokedJourney,
  toHaveInvokedJourneyTimes,
  toHaveEnqueuedJourney,
  toHaveEnqueuedJourneyTimes,
  toHaveCanceledRun,
  toHaveCanceledJourney,
};
