// Type-level tests: checked by `pnpm typecheck` (tsc includes test/), not run by vitest.
import { defineJourneys, type InvokeRequest, type InvokeResponse, type JourneysInvoker } from '@journeykit/core';
import express, { type Request } from 'express';
import { expectTypeOf } from 'vitest';
import { z } from 'zod';
import {
  afterResponse,
  getJourneys,
  invokeAfterResponse,
  journeys,
  journeysErrorHandler,
  type CancelRequest,
  type CancelResult,
  type CanceledRun,
  type JourneyRun,
  type JourneyRuns,
  type JourneysLifecycle,
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

// Nothing is registered in this program (the registered case is test/registered/): template IDs
// stay strings and requests stay InvokeRequests, as before catalogs existed.
declare const someTemplate: string;
declare const someRequest: InvokeRequest;
void req.journeys.invoke(someTemplate, someRequest);
expectTypeOf(req.journeys.untyped).toEqualTypeOf<JourneysInvoker>();
expectTypeOf(getJourneys(req).untyped).toEqualTypeOf<JourneysInvoker>();
invokeAfterResponse(req, someTemplate, someRequest);
const asInvoker: JourneysInvoker = req.journeys;
void asInvoker;

// Any catalog is accepted, with a client or client options; it must come from defineJourneys().
const catalog = defineJourneys({ 'order-shipped': { data: z.object({ order_id: z.string(), eta: z.string() }) }, welcome: {} });
app.use(journeys({ apiKey: 'k', catalog }));
app.use(journeys({ client: middleware.client, catalog }));
// @ts-expect-error a catalog is made by defineJourneys(), not written by hand
journeys({ apiKey: 'k', catalog: { welcome: {} } });

// Without registering, a handler can still ask for the catalog's types.
const typed = getJourneys<typeof catalog>(req);
expectTypeOf(typed).toEqualTypeOf<RequestJourneys<typeof catalog>>();
void typed.invoke('order-shipped', { data: { order_id: 'o1', eta: 'soon' } });
void typed.untyped.invoke('beta-journey', {});
// @ts-expect-error unknown template ID
void typed.invoke('beta-journey', {});
// @ts-expect-error wrong data
void typed.invoke('order-shipped', { data: { order_id: 'o1' } });

// The lifecycle: the same signatures as the client's.
expectTypeOf(typed.cancel).toEqualTypeOf<JourneysLifecycle['cancel']>();
expectTypeOf(typed.runs).toEqualTypeOf<JourneyRuns>();
expectTypeOf(typed.cancel({ run_id: 'r1' })).resolves.toEqualTypeOf<CanceledRun>();
// A request typed as the union (not as its literal) gets the union result: the assertion is the point here.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
expectTypeOf(typed.cancel({ cancelation_token: 't' } as CancelRequest)).resolves.toEqualTypeOf<CancelResult>();
expectTypeOf(typed.runs.list({ status: ['ERROR'], limit: 50 })).toEqualTypeOf<AsyncIterable<JourneyRun>>();
// @ts-expect-error exactly one of run_id and cancelation_token
void typed.cancel({ run_id: 'r1', cancelation_token: 't' });
