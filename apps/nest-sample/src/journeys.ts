import type { JourneyData } from '@journeykit/core';
import { journeys } from './journeys.gen.js';

/**
 * Every journey this app starts, with the `data` each one takes, pulled from the journeys'
 * trigger schemas in Courier (`src/journeys.gen.ts`, written by `pnpm journeys:pull`, checked in
 * CI by `pnpm journeys:check`; here the "Courier" is a fake serving `courier/journeys.json`).
 * Checked by the compiler at every `JourneysService` call (see the registration below) and again
 * at run time, before anything is sent. Request bodies reach the services unchecked (Nest does not
 * validate a body against its TypeScript type), so the run-time check is what turns a bad body into a 400.
 */
export const catalog = journeys;

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
