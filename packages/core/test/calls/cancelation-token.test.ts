import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JourneysConfigurationError, JourneysValidationError, defineJourney, defineJourneys } from '../../src/index.js';

const Order = z.object({ order_id: z.string(), eta: z.string() });
const catalog = defineJourneys({
  'order-reminder': defineJourney({ data: Order, cancelationToken: (request) => `order-${request.data.order_id}` }),
  throws: { cancelationToken: (request: { data?: Record<string, unknown> }) => `o-${(request.data?.order as { id: string }).id}` },
  empty: { cancelationToken: () => '' },
  numeric: { cancelationToken: () => 42 as unknown as string },
  welcome: {},
});
const loose = catalog as unknown as { cancelationToken(id: string, request: unknown): string };

describe('catalog.cancelationToken', () => {
  it('builds the token with the entry rule, from only what the rule reads', () => {
    expect(catalog.cancelationToken('order-reminder', { data: { order_id: 'o-1', eta: 'soon' } })).toBe('order-o-1');
    expect(loose.cancelationToken('order-reminder', { data: { order_id: 'o-2' } })).toBe('order-o-2');
  });

  const failures: [string, string, unknown, typeof JourneysConfigurationError | typeof JourneysValidationError, RegExp][] = [
    ['a journey without a rule', 'welcome', { user_id: 'u1' }, JourneysConfigurationError, /journey "welcome" has no cancelationToken rule/],
    ['a journey outside the catalog', 'nope', {}, JourneysConfigurationError, /"nope" is not in the journey catalog/],
    ['a rule that throws', 'throws', { data: {} }, JourneysValidationError, /journey "throws": the cancelationToken rule threw: .*id/],
    [
      'a rule that returns an empty string',
      'empty',
      {},
      JourneysValidationError,
      /journey "empty": the cancelationToken rule returned an empty string/,
    ],
    ['a rule that returns a number', 'numeric', {}, JourneysValidationError, /journey "numeric": the cancelationToken rule returned number/],
  ];
  it.each(failures)('%s is a typed error naming the journey', (_name, id, request, type, message) => {
    let caught: unknown;
    try {
      loose.cancelationToken(id, request);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(type);
    expect((caught as Error).message).toMatch(message);
    if (caught instanceof JourneysValidationError) expect(caught.issues[0]?.path).toEqual(['cancelation_token']);
  });

  it('refuses a rule that is not a function when the catalog is defined', () => {
    expect(() => defineJourneys({ a: { cancelationToken: 'order-1' as unknown as () => string } })).toThrow(
      /"a"\.cancelationToken must be a function of the request/,
    );
  });
});
