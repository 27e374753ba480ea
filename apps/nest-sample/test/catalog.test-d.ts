// Type-level test (checked by `pnpm typecheck`, not run): the app's catalog registration is in
// force, so the typed calls in src/ are really checked, not accepted as plain strings.
import type { JourneyId, RegisteredCatalog } from '@journeykit/core';
import { JourneysService } from '@journeykit/nestjs';
import { expectTypeOf } from 'vitest';
import type { catalog } from '../src/journeys.js';

expectTypeOf<RegisteredCatalog>().toEqualTypeOf<typeof catalog>();
expectTypeOf<JourneyId<RegisteredCatalog>>().toEqualTypeOf<'welcome' | 'order-placed'>();

declare const journeys: JourneysService;
void journeys.invoke('welcome', { profile: { email: 'ada@example.com' }, data: { plan: 'pro' } });
// @ts-expect-error plan is 'free' or 'pro'
void journeys.invoke('welcome', { profile: { email: 'ada@example.com' }, data: { plan: 'gold' } });
// @ts-expect-error order-placed needs its data
void journeys.invoke('order-placed', { user_id: 'u1' });
// @ts-expect-error not a journey of this app
void journeys.invoke('order-shipped', { user_id: 'u1' });
void journeys.untyped.invoke('order-shipped', { user_id: 'u1' });
