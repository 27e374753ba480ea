import { defineJourneys, type JourneyData } from '@journeykit/core';
import { z } from 'zod';

/**
 * Every journey this app starts, with the `data` each one takes: declared once, checked by the
 * compiler at every `JourneysService` call (see the registration below) and again at run time,
 * before anything is sent. Request bodies reach the services unchecked (Nest does not validate a
 * body against its TypeScript type), so the run-time check is what turns a bad body into a 400.
 */
export const catalog = defineJourneys({
  welcome: { data: z.object({ plan: z.enum(['free', 'pro']) }) },
  'order-placed': {
    data: z.object({
      order_id: z.string().min(1),
      total: z.number().nonnegative(),
      items: z.array(z.object({ sku: z.string().min(1), qty: z.number().int().positive() })),
    }),
  },
});

// Registered once for the whole app: JourneysService is now typed by this catalog.
declare module '@journeykit/core' {
  interface Register {
    catalog: typeof catalog;
  }
}

/** What the welcome journey takes. */
export type WelcomeData = JourneyData<typeof catalog, 'welcome'>;
/** What the order-placed journey takes. */
export type OrderPlacedData = JourneyData<typeof catalog, 'order-placed'>;
