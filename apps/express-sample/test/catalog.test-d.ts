// Type-level test (checked by `pnpm typecheck`, not run): the app's catalog registration is in
// force, so the typed calls in src/ are really checked, not accepted as plain strings.
import type { JourneyId, RegisteredCatalog } from '@journeykit/core';
import { getJourneys, invokeAfterResponse } from '@journeykit/express';
import type { Request } from 'express';
import { expectTypeOf } from 'vitest';
import type { catalog } from '../src/journeys.js';

expectTypeOf<RegisteredCatalog>().toEqualTypeOf<typeof catalog>();
expectTypeOf<JourneyId<RegisteredCatalog>>().toEqualTypeOf<'welcome' | 'order-placed' | 'password-reset'>();

declare const req: Request;
void req.journeys.invoke('welcome', { user_id: 'u1', data: { plan: 'pro' } });
// @ts-expect-error invite is not in the catalog: the app starts it through req.journeys.untyped
void req.journeys.invoke('invite', { profile: { email: 'friend@example.com' } });
void req.journeys.untyped.invoke('invite', { profile: { email: 'friend@example.com' } });
// @ts-expect-error plan is 'free' or 'pro'
void getJourneys(req).invoke('welcome', { user_id: 'u1', data: { plan: 'gold' } });
// @ts-expect-error an order has items
invokeAfterResponse(req, 'order-placed', { data: { order_id: 'o1', total_cents: 0 } });
