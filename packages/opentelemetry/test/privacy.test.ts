/**
 * What a trace must never hold: the API key, `profile` and `data` values (also when a schema's
 * validation message quotes them), or the user id unless the app opts in.
 */
import { JourneysClient, defineJourneys } from '@journeykit/core';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { journeysTelemetry } from '../src/index.js';
import { useFakeCourierAndSdk } from './support/harness.js';
import { findSpan } from './support/otel.js';

const API_KEY = 'sk_test_otel_privacy_key';
const t = useFakeCourierAndSdk(API_KEY);

const exported = () =>
  JSON.stringify(t.sdk.spans.getFinishedSpans().map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })));
const request = { user_id: 'user-private-7', profile: { email: 'ada@private.example' }, data: { coupon: 'data-private-value' } };

it.each([
  ['a success', undefined],
  ['a failure', { kind: 'status', status: 500, body: { message: 'boom' } } as const],
])('%s: no key, profile, data or user id in any span', async (_name, fault) => {
  if (fault !== undefined) t.server.inject(fault, { times: Infinity });
  const client = new JourneysClient({ apiKey: API_KEY, baseUrl: t.server.url, retryDelayMs: 1, telemetry: journeysTelemetry() });
  try {
    await client.invoke('welcome', request).catch(() => undefined);
  } finally {
    await client.close();
    t.server.reset();
  }
  const text = exported();
  expect(text).toContain('journey.invoke welcome');
  for (const secret of [API_KEY, 'user-private-7', 'ada@private.example', 'data-private-value']) expect(text).not.toContain(secret);
});

it('a schema message that quotes a data value leaves only the field path in the trace', async () => {
  const catalog = defineJourneys({ welcome: { data: z.object({ plan: z.enum(['free', 'pro']) }) } });
  const client = new JourneysClient({ apiKey: API_KEY, baseUrl: t.server.url, catalog, telemetry: journeysTelemetry() });
  try {
    await expect(client.invoke('welcome', { user_id: 'u1', data: { plan: 'data-private-value' as 'pro' } })).rejects.toThrow(/data\.plan/);
  } finally {
    await client.close();
  }
  const call = findSpan(t.sdk.spans.getFinishedSpans(), 'journey.invoke welcome');
  expect(call.status.message).toBe('Invalid journey invocation (1 problem); nothing was sent: data.plan');
  expect(exported()).not.toContain('data-private-value');
});

it('recordUserId: true records the user as user.id, on the span only', async () => {
  const client = new JourneysClient({ apiKey: API_KEY, baseUrl: t.server.url, telemetry: journeysTelemetry({ recordUserId: true }) });
  try {
    await client.invoke('welcome', request);
  } finally {
    await client.close();
  }
  const call = findSpan(t.sdk.spans.getFinishedSpans(), 'journey.invoke welcome');
  expect(call.attributes['user.id']).toBe('user-private-7');
  expect(exported()).not.toContain('ada@private.example');
});

it('refuses unknown or mistyped options with a configuration error', () => {
  expect(() => journeysTelemetry({ recordUserID: true } as never)).toThrow(/unknown option "recordUserID"/);
  expect(() => journeysTelemetry({ recordUserId: 'yes' } as never)).toThrow(/recordUserId must be true or false/);
  expect(() => journeysTelemetry({ spanKind: 'server' } as never)).toThrow(/spanKind must be 'internal' or 'client'/);
  expect(() => journeysTelemetry({ tracerProvider: {} } as never)).toThrow(/tracerProvider must have getTracer/);
});
