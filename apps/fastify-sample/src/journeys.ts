import { defineJourneys } from '@journeykit/core';
import { z } from 'zod';

/**
 * The journeys this app starts and the `data` each takes: every `request.journeys` call is checked by
 * the compiler (the registration below) and again before sending (a mismatch is a 400, nothing sent).
 * `order-placed` also says how Courier builds its cancelation token, so cancelling an order stops its run.
 */
export const catalog = defineJourneys({
  welcome: { data: z.object({ plan: z.enum(['free', 'pro']) }) },
  'order-placed': {
    data: z.object({ order_id: z.string(), total_cents: z.number().int().nonnegative() }),
    cancelationToken: (request: { data: { order_id: string } }) => `order-${request.data.order_id}`,
  },
  'password-reset': { data: z.object({ reset_url: z.url() }) },
});

declare module '@journeykit/core' {
  interface Register {
    catalog: typeof catalog;
  }
}
