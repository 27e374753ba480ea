// The app-wide registration, as a user writes it once: every file of this tsc program sees it.
import { defineJourneys } from '@journeykit/core';
import { z } from 'zod';

export const catalog = defineJourneys({
  'order-shipped': {
    data: z.object({ order_id: z.string(), eta: z.string(), items: z.array(z.object({ sku: z.string() })).optional() }),
  },
  welcome: {},
});

declare module '@journeykit/core' {
  interface Register {
    catalog: typeof catalog;
  }
}
