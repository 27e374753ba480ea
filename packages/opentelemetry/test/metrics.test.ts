/**
 * Metrics through a real SDK's in-memory metric exporter: the client's calls, durations and
 * retries over real HTTP to the fake Courier server.
 */
import { JourneysClient } from '@journeykit/core';
import { expect, it } from 'vitest';
import { CALL_DURATION_BUCKETS, journeysTelemetry } from '../src/index.js';
import { useFakeCourierAndSdk } from './support/harness.js';
import { pointsOf } from './support/otel.js';

const API_KEY = 'sk_test_otel_metrics_key';
const t = useFakeCourierAndSdk(API_KEY, { undici: false });

it('counts calls by journey, kind and outcome, records their duration, and counts retries by reason', async () => {
  const client = new JourneysClient({ apiKey: API_KEY, baseUrl: t.server.url, retryDelayMs: 1, telemetry: journeysTelemetry() });
  try {
    await client.invoke('welcome', { user_id: 'u1' });
    await client.invoke('welcome', { user_id: 'u2' });
    t.server.inject({ kind: 'status', status: 429, headers: { 'retry-after': '0' }, stored: false }, { templateId: 'order-shipped' });
    t.server.inject({ kind: 'drop' }, { templateId: 'order-shipped' });
    await client.invoke('order-shipped', { user_id: 'u1' });
    t.server.inject({ kind: 'status', status: 400, body: { message: 'bad' } }, { templateId: 'order-shipped' });
    await expect(client.invoke('order-shipped', { user_id: 'u1' })).rejects.toMatchObject({ code: 'ERR_JOURNEYS_API' });
    await expect(client.invoke('welcome', {})).rejects.toMatchObject({ code: 'ERR_JOURNEYS_VALIDATION' });
  } finally {
    await client.close();
  }
  const collected = await t.sdk.collectMetrics();
  const keyOf = (p: { attributes: Record<string, unknown> }): string => JSON.stringify(Object.entries(p.attributes).sort());
  const sortByJson = <T extends { attributes: Record<string, unknown> }>(points: T[]): T[] => points.sort((a, b) => keyOf(a).localeCompare(keyOf(b)));

  expect(sortByJson(pointsOf(collected, 'journeykit.client.calls'))).toEqual(
    sortByJson([
      { attributes: { 'journeykit.call.kind': 'invoke', 'journeykit.journey': 'welcome', 'journeykit.outcome': 'success' }, value: 2 },
      { attributes: { 'journeykit.call.kind': 'invoke', 'journeykit.journey': 'order-shipped', 'journeykit.outcome': 'success' }, value: 1 },
      {
        attributes: {
          'journeykit.call.kind': 'invoke',
          'journeykit.journey': 'order-shipped',
          'journeykit.outcome': 'failure',
          'error.type': 'ERR_JOURNEYS_API',
        },
        value: 1,
      },
      {
        attributes: {
          'journeykit.call.kind': 'invoke',
          'journeykit.journey': 'welcome',
          'journeykit.outcome': 'failure',
          'error.type': 'ERR_JOURNEYS_VALIDATION',
        },
        value: 1,
      },
    ]),
  );

  expect(sortByJson(pointsOf(collected, 'journeykit.client.retries'))).toEqual(
    sortByJson([
      { attributes: { 'journeykit.call.kind': 'invoke', 'journeykit.journey': 'order-shipped', 'journeykit.retry.reason': 'status' }, value: 1 },
      { attributes: { 'journeykit.call.kind': 'invoke', 'journeykit.journey': 'order-shipped', 'journeykit.retry.reason': 'connection' }, value: 1 },
    ]),
  );

  const durations = pointsOf(collected, 'journeykit.client.call.duration');
  expect(durations).toHaveLength(4);
  const welcome = durations.find((p) => p.attributes['journeykit.journey'] === 'welcome' && p.attributes['journeykit.outcome'] === 'success');
  const histogram = welcome?.value as { count: number; sum: number; buckets: { boundaries: number[] } };
  expect(histogram.count).toBe(2);
  // Seconds, not milliseconds: two local calls take well under a second together.
  expect(histogram.sum).toBeGreaterThan(0);
  expect(histogram.sum).toBeLessThan(1);
  expect(histogram.buckets.boundaries).toEqual(CALL_DURATION_BUCKETS);
});

it('metric attributes never carry the user, the key, profile or data', async () => {
  const client = new JourneysClient({ apiKey: API_KEY, baseUrl: t.server.url, telemetry: journeysTelemetry({ recordUserId: true }) });
  try {
    await client.invoke('welcome', { user_id: 'user-secret-id', profile: { email: 'ada@example.com' }, data: { token: 'data-secret' } });
  } finally {
    await client.close();
  }
  const text = JSON.stringify(await t.sdk.collectMetrics());
  for (const secret of [API_KEY, 'user-secret-id', 'ada@example.com', 'data-secret']) expect(text).not.toContain(secret);
  expect(text).toContain('journeykit.client.calls');
});
