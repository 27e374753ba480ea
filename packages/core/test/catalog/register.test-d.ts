// Type-level test of catalog registration (checked by tsc through `pnpm typecheck`).
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { defineJourneys, type JourneyId, type RegisteredCatalog } from '../../src/index.js';

const catalog = defineJourneys({ welcome: {}, 'order-shipped': { data: z.object({ order_id: z.string() }) } });
declare module '../../src/index.js' {
  interface Register {
    catalog: typeof catalog;
  }
}

describe('Register', () => {
  it('makes the registered catalog visible to adapters', () => {
    expectTypeOf<RegisteredCatalog>().toEqualTypeOf<typeof catalog>();
    expectTypeOf<JourneyId<RegisteredCatalog>>().toEqualTypeOf<'welcome' | 'order-shipped'>();
  });
});
