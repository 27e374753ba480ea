// Type-level tests of catalog cancelation tokens: checked by `pnpm typecheck` (tsc), not run by vitest.
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { defineJourney, defineJourneys, type CancelableJourneyId, type CancelationTokenInput, type JourneyData } from '../../src/index.js';

const Order = z.object({ order_id: z.string(), eta: z.string() });
const catalog = defineJourneys({
  'order-reminder': defineJourney({ data: Order, cancelationToken: (request) => `order-${request.data.order_id}` }),
  'order-shipped': { data: Order, cancelationToken: (request: { data: { order_id: string } }) => `shipped-${request.data.order_id}` },
  'loose-rule': defineJourney({ cancelationToken: (request) => `user-${String(request.user_id)}` }),
  welcome: {},
  plain: defineJourney({ data: z.object({ plan: z.string() }) }),
});
type D = typeof catalog.journeys;

describe('catalog cancelation token types', () => {
  it('types the rule parameter by the entry schema', () => {
    expectTypeOf<JourneyData<typeof catalog, 'order-reminder'>>().toEqualTypeOf<{ order_id: string; eta: string }>();
    expectTypeOf<JourneyData<typeof catalog, 'plain'>>().toEqualTypeOf<{ plan: string }>();
    expectTypeOf<CancelationTokenInput<D, 'order-shipped'>>().toEqualTypeOf<{ data: { order_id: string } }>();
    defineJourneys({
      // @ts-expect-error the schema has no such field
      a: defineJourney({ data: Order, cancelationToken: (request) => `order-${request.data.nope}` }),
    });
    defineJourneys({
      // @ts-expect-error a rule must return a string
      a: defineJourney({ data: Order, cancelationToken: (request) => request.data.order_id.length }),
    });
    defineJourneys({
      // @ts-expect-error an annotated rule must accept the entry's request
      a: { data: z.object({ order_id: z.number() }), cancelationToken: (request: { data: { order_id: string } }) => request.data.order_id },
    });
  });

  it('builds tokens only for journeys with a rule, from what the rule reads', () => {
    expectTypeOf<CancelableJourneyId<D>>().toEqualTypeOf<'order-reminder' | 'order-shipped' | 'loose-rule'>();
    expectTypeOf(catalog.cancelationToken('order-shipped', { data: { order_id: 'o1' } })).toEqualTypeOf<string>();
    catalog.cancelationToken('order-reminder', { data: { order_id: 'o1', eta: 'soon' } });
    catalog.cancelationToken('loose-rule', { user_id: 'u1' });
    // @ts-expect-error welcome has no rule
    catalog.cancelationToken('welcome', { user_id: 'u1' });
    // @ts-expect-error not in the catalog
    catalog.cancelationToken('nope', {});
    // @ts-expect-error the rule reads data.order_id
    catalog.cancelationToken('order-shipped', { data: {} });
    // @ts-expect-error wrong type of order_id
    catalog.cancelationToken('order-reminder', { data: { order_id: 1, eta: 'soon' } });
  });
});
