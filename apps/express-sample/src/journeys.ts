import { defineJourneys } from '@journeykit/core';
import { journeys as pulled } from './journeys.gen.js';

/**
 * Every journey this app starts, with the `data` each one takes, pulled from the journeys'
 * trigger schemas in Courier (`src/journeys.gen.ts`, written by `pnpm journeys:pull`, checked in
 * CI by `pnpm journeys:check`; here the "Courier" is a fake serving `courier/journeys.json`).
 * Checked by the compiler at every call (see the registration below) and again at run time,
 * before anything is sent, by the same JSON Schema Courier applies. `invite` is missing on purpose:
 * it is still a draft in Courier, so the route that starts it goes through the `untyped` escape
 * hatch. `order-placed` also says how its cancelation token is built, so `POST /orders/:id/cancel`
 * can stop the journey of that order.
 */
export const catalog = defineJourneys({
  ...pulled.journeys,
  'order-placed': {
    ...pulled.journeys['order-placed'],
    // The journey's cancelation token expression in Courier is `order-{data.order_id}`: built the
    // same way here, so cancelling an order can stop its run with only the order id at hand.
    cancelationToken: (request: { data: { order_id: string } }) => `order-${request.data.order_id}`,
  },
});

// Registered once for the whole app: req.journeys, getJourneys() and the after-response helpers
// of @journeykit/express are now typed by this catalog.
declare module '@journeykit/core' {
  interface Register {
    catalog: typeof catalog;
  }
}
