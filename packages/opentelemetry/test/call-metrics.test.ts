/**
 * The call tallies on their own, through a real SDK's meter: attribute sets are counted apart, and
 * past the cardinality limit the rest share one overflow set. The SDK's default limit (2,000 points
 * per metric) counts the overflow set too, so the tallies keep 1,999 apart: one more, and the SDK
 * would fold a real set into its own overflow.
 */
import { metrics } from '@opentelemetry/api';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CallMetrics } from '../src/call-metrics.js';
import { pointsOf, startTestSdk, type TestSdk } from './support/otel.js';

let sdk: TestSdk;
beforeEach(() => {
  sdk = startTestSdk({ undici: false });
});
afterEach(() => sdk.shutdown());

it.each([
  { case: 'a call without a journey and one with an empty journey are two sets', journeys: [undefined, ''], sets: 2 },
  { case: 'the same journey twice is one set', journeys: ['welcome', 'welcome'], sets: 1 },
])('$case', async ({ journeys, sets }) => {
  const tallies = new CallMetrics(metrics.getMeter('test'));
  for (const journey of journeys) tallies.ended('invoke', journey, undefined, 0.01);
  const points = pointsOf(await sdk.collectMetrics(), 'journeykit.client.calls');
  expect(points).toHaveLength(sets);
  expect(points.reduce((sum, p) => sum + (p.value as number), 0)).toBe(journeys.length);
});

it('counts 1,999 attribute sets apart and every call beyond them under one overflow set, within the SDK limit', async () => {
  const tallies = new CallMetrics(metrics.getMeter('test'));
  for (let i = 0; i < 2_005; i++) tallies.ended('invoke', `journey-${i}`, undefined, 0.01);
  tallies.ended('invoke', 'journey-2004', undefined, 0.01);
  tallies.ended('invoke', 'journey-0', 'ERR_JOURNEYS_API', 0.01);
  for (let i = 0; i < 3; i++) tallies.retried('invoke', `journey-${i}`, 'status');
  const collected = await sdk.collectMetrics();
  const calls = pointsOf(collected, 'journeykit.client.calls');
  expect(calls).toHaveLength(2_000);
  // journey-1999 to journey-2004, journey-2004 again, and journey-0's failure: 8 calls over the limit.
  expect(calls.find((p) => p.attributes['otel.metric.overflow'] === true)?.value).toBe(8);
  expect(calls.find((p) => p.attributes['journeykit.journey'] === 'journey-1998')?.value).toBe(1);
  expect(calls.find((p) => p.attributes['journeykit.journey'] === 'journey-1999')).toBeUndefined();
  expect(pointsOf(collected, 'journeykit.client.retries')).toHaveLength(3);
});
