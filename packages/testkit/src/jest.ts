/**
 * `@journeykit/testkit/jest`: importing this module registers the journey matchers with Jest's
 * global `expect` and types them for both of Jest's typings: the `jest` namespace of
 * `@types/jest` (global `expect`) and the `expect` module behind `@jest/globals`. It loads no
 * part of Jest and works in Jest's CommonJS and ESM modes. List it in `setupFilesAfterEnv`, or
 * import it in a test file.
 *
 * @example
 * ```ts
 * // jest.config.js: setupFilesAfterEnv: ['@journeykit/testkit/jest']
 * expect(fake).toHaveInvokedJourney('welcome', { user_id: 'u1' });
 * expect(server).toHaveInvokedJourneyTimes('order-shipped', 1);
 * expect(fake).toHaveCanceledJourney('order-reminder', { data: { order_id: 'o1' } });
 * ```
 */
// Brings the `expect` module into the program, so it can be augmented below (types only, nothing loaded).
import type {} from 'expect';
import type { JourneyMatchers } from './matchers/matcher-types.js';
import { journeyMatchers } from './matchers/journey-matchers.js';

interface ExtendableExpect {
  extend(matchers: Record<string, (this: never, received: unknown, ...args: never[]) => unknown>): void;
}

const jestExpect = (globalThis as { expect?: Partial<ExtendableExpect> }).expect;
if (typeof jestExpect?.extend !== 'function') {
  throw new Error(
    "@journeykit/testkit/jest registers its matchers on Jest's global expect, and there is none here. " +
      "Load it from Jest (setupFilesAfterEnv: ['@journeykit/testkit/jest'] in the Jest config, or import it in a test file); " +
      'with injectGlobals: false, also set globalThis.expect = expect (from @jest/globals) before it. Under vitest, import @journeykit/testkit/vitest instead.',
  );
}
jestExpect.extend(journeyMatchers);

export { toHaveInvokedJourney, toHaveInvokedJourneyTimes } from './matchers/matchers.js';
export { toHaveEnqueuedJourney, toHaveEnqueuedJourneyTimes } from './matchers/outbox-matchers.js';
export { toHaveCanceledRun, toHaveCanceledJourney } from './matchers/cancel-matchers.js';
export type { CancellationSource } from './matchers/cancel-matchers.js';
export type { InvocationSource, MatcherResult, PartialRequest } from './matchers/matchers.js';
export type { JourneyMatchers, MatcherTemplateId } from './matchers/matcher-types.js';

declare global {
  // @types/jest: the global `expect`.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Matchers<R, T = {}> extends JourneyMatchers<T, R> {}
  }
}

declare module 'expect' {
  // `expect` from @jest/globals (Jest's own typings).
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<R extends void | Promise<void>, T = unknown> extends JourneyMatchers<T, R> {}
}
