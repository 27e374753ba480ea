import { readFileSync } from 'node:fs';
import type { FakeJourneyDefinition } from '@journeykit/testkit';

/**
 * The journeys of this sample's "Courier workspace" (`courier/journeys.json`): what the embedded fake
 * serves and what `pnpm journeys:pull` turns into `src/journeys.gen.ts`. The same path from `src/` and `dist/`.
 */
export function courierJourneys(): FakeJourneyDefinition[] {
  return JSON.parse(readFileSync(new URL('../courier/journeys.json', import.meta.url), 'utf8')) as FakeJourneyDefinition[];
}
