/**
 * Matchers for enqueued journeys, free of any test-runner import (register them with vitest's or
 * Jest's `expect.extend`). They take a `FakeJourneysOutbox` (anything with an `enqueued` array)
 * and apply the invocation matchers' rules to what was enqueued.
 */
import { inspect } from 'node:util';
import { JourneysConfigurationError } from '@journeykit/core';
import { toHaveInvokedJourney, toHaveInvokedJourneyTimes, type MatcherResult, type PartialRequest } from './matchers.js';

type Context = ThisParameterType<typeof toHaveInvokedJourney>;

function enqueuedOf(received: unknown, matcher: string): { invocations: readonly unknown[] } {
  const enqueued = (received as { enqueued?: unknown } | null | undefined)?.enqueued;
  if (!Array.isArray(enqueued)) {
    throw new JourneysConfigurationError(
      `${matcher}() needs a FakeJourneysOutbox (anything with an enqueued array), got ${inspect(received, { depth: 0 })}`,
    );
  }
  return { invocations: enqueued };
}

/** The invocation matchers' words, said of enqueued journeys. */
function reword(result: MatcherResult): MatcherResult {
  return {
    pass: result.pass,
    message: () =>
      result
        .message()
        .replace(/\binvoked\b/g, 'enqueued')
        .replace(/\bInvocations\b/g, 'Enqueued')
        .replace(/\binvocation(s?)\b/g, 'enqueued invocation$1'),
  };
}

/**
 * Passes when `templateId` was enqueued (whatever its delivery state), with a request matching
 * `partialRequest` if given (recursively, like `toMatchObject`).
 *
 * @example
 * ```ts
 * expect(outbox).toHaveEnqueuedJourney('welcome', { profile: { email: 'ada@example.com' } });
 * ```
 */
export function toHaveEnqueuedJourney(this: Context, received: unknown, templateId: string, partialRequest?: PartialRequest): MatcherResult {
  const source = enqueuedOf(received, 'toHaveEnqueuedJourney');
  return reword(toHaveInvokedJourney.call(this, source, templateId, partialRequest));
}

/**
 * Passes when `templateId` was enqueued exactly `expected` times.
 *
 * @example
 * ```ts
 * expect(outbox).toHaveEnqueuedJourneyTimes('welcome', 1);
 * ```
 */
export function toHaveEnqueuedJourneyTimes(this: Context, received: unknown, templateId: string, expected: number): MatcherResult {
  const source = enqueuedOf(received, 'toHaveEnqueuedJourneyTimes');
  return reword(toHaveInvokedJourneyTimes.call(this, source, templateId, expected));
}
