import { defineJourneys } from '@journeykit/core';
import { z } from 'zod';

/**
 * Every journey this app starts, with the `data` each one takes: checked by the compiler at every
 * `c.var.journeys.invoke()` (see the registration below) and again at run time, before anything is
 * sent. `order-placed` also says how its cancelation token is built (the expression the journey
 * evaluates in Courier), so `POST /orders/:id/cancel` can stop the journey of that order.
 * `invite` is missing on purpose: a draft journey, started through the `untyped` escape hatch.
 */
export const catalog = defineJourneys({
  welcome: { data: z.object({ plan: z.enum(['free', 'pro']) }) },
  'order-placed': {
    data: z.object({ order_id: z.string(), total_cents: z.number().int().nonnegative() }),
    cancelationToken: (request: { data: { order_id: string } }) => `order-${request.data.order_id}`,
  },
});

// Registered once for the whole app: c.var.journeys is now typed by this catalog.
declare module '@journeykit/core' {
  interface Register {
    catalog: typeof catalog;
  }
}
