// Type-level tests: checked by `pnpm typecheck` (tsc includes test/), not run by vitest.
import type { InvokeResponse, JourneysInvoker } from '@journeykit/core';
import express, { type Request } from 'express';
import { expectTypeOf } from 'vitest';
import {
  afterResponse,
  getJourneys,
  invokeAfterResponse,
  journeys,
  journeysErrorHandler,
  type JourneysMiddleware,
  type RequestJourneys,
} from '../src/index.js';

const app = express();
const middleware = journeys({ apiKey: 'k', identify: (req) => ({ user_id: req.get('x-user-id') }) });
expectTypeOf(middleware).toEqualTypeOf<JourneysMiddleware>();
expectTypeOf(middleware.client).toEqualTypeOf<JourneysInvoker>();
expectTypeOf(middleware.close).returns.toEqualTypeOf<Promise<void>>();
app.use(middleware);
app.use(journeys({ client: { invoke: async () => ({ runId: 'r' }) } }));
app.use(journeys({ identify: async () => ({ profile: { email: 'a@example.com' } }) }));
app.use(journeysErrorHandler());

app.post('/signup', async (req, res) => {
  // The Express.Request augmentation: no cast, no optional chaining.
  expectTypeOf(req.journeys).toEqualTypeOf<RequestJourneys>();
  expectTypeOf(req.journeys.invoke('welcome', { data: { plan: 'pro' } })).toEqualTypeOf<Promise<InvokeResponse>>();
  expectTypeOf(getJourneys(req)).toEqualTypeOf<RequestJourneys>();
  invokeAfterResponse(req, 'welcome', { user_id: 'u1' }, { idempotencyKey: 'k', onError: (err, r) => void [err, r.path] });
  res.json({});
});

app.post(
  '/orders',
  afterResponse('order-placed', (_req, res) => ({ data: { order_id: String(res.locals.id) } }), {
    idempotencyKey: (_req, res) => `order-${String(res.locals.id)}-placed`,
    onInvoked: ({ runId }) => void runId,
  }),
  (_req, res) => void res.json({}),
);

// @ts-expect-error a ready client and client options are exclusive
journeys({ client: middleware.client, apiKey: 'k' });
// @ts-expect-error identify returns the user fields, not a string
journeys({ apiKey: 'k', identify: () => 'u1' });
// @ts-expect-error user_id must be a string
journeys({ apiKey: 'k', identify: () => ({ user_id: 1 }) });
// @ts-expect-error an after-response idempotency key is built per request
afterResponse('welcome', () => ({}), { idempotencyKey: 'same-for-everyone' });
declare const req: Request;
// @ts-expect-error the template id comes first
void req.journeys.invoke({ user_id: 'u1' });
