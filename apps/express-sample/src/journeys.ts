import { defineJourneys } from '@journeykit/core';
import { z } from 'zod';

const orderItem = z.object({
  sku: z.string().min(1),
  quantity: z.number().int().positive(),
  price_cents: z.number().int().nonnegative(),
});

/**
 * Every journey this app starts, with the `data` each one takes: declared once, checked by the
 * compiler at every call (see the registration below) and again at run time before anything is
 * sent. `invite` is missing on purpose: it is still a draft in Courier, so the route that starts it
 * goes through the `untyped` escape hatch. `order-placed` also says how its cancelation token is
 * built, so `POST /orders/:id/cancel` can stop the journey of that order.
 */
export const catalog = defineJourneys({
  welcome: { data: z.object({ plan: z.enum(['free', 'pro']) }) },
  'order-placed': {
    data: z.object({ order_id: z.string(), total_cents: z.number().int().nonnegative(), items: z.array(orderItem).min(1) }),
    // The journey's cancelation token expression in Courier is `order-{data.order_id}`: built the
    // same way here, so cancelling an order can stop its run with only the order id at hand.
    cancelationToken: (request: { data: { order_id: string } }) => `order-${request.data.order_id}`,
  },
  'password-reset': { data: z.object({ reset_url: z.url(), expires_at: z.iso.datetime() }) },
});

// Registered once for the whole app: req.journeys, getJourneys() and the after-response helpers
// of @journeykit/express are now typed by this catalog.
declare module '@journeykit/core' {
  interface Register {
    catalog: typeof catalog;
  }
}
