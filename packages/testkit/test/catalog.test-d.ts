// Type tests for catalogs in the test kit (checked by `pnpm typecheck`).
import { defineJourneys, type JourneysInvoker } from '@journeykit/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { FakeJourneysClient, startFakeCourier } from '../src/index.js';
import '../src/vitest.js';

const catalog = defineJourneys({
  'order-shipped': { data: z.object({ order_id: z.string() }) },
  welcome: {},
});

describe('typed fake and matchers', () => {
  it('types invoke and the matchers by the catalog', async () => {
    const fake = new FakeJourneysClient({ catalog });
    void fake.invoke('order-shipped', { user_id: 'u', data: { order_id: 'o' } });
    // @ts-expect-error unknown template ID
    void fake.invoke('order-shiped', { user_id: 'u', data: { order_id: 'o' } });
    // @ts-expect-error wrong data
    void fake.invoke('order-shipped', { user_id: 'u', data: { order_id: 1 } });
    expectTypeOf(fake.untyped).toEqualTypeOf<JourneysInvoker>();
    const asInvoker: JourneysInvoker = fake;
    void asInvoker;

    expect(fake).toHaveInvokedJourney('welcome');
    // @ts-expect-error the matcher knows the catalog too
    expect(fake).toHaveInvokedJourney('welcom');

    const untypedFake = new FakeJourneysClient();
    expect(untypedFake).toHaveInvokedJourney('anything');
    const server = await startFakeCourier();
    expect(server).toHaveInvokedJourneyTimes('anything', 0);
  });
});
