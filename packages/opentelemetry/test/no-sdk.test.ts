/**
 * With no OpenTelemetry SDK registered, the telemetry is the API's no-ops: calls behave exactly as
 * without it (same results, same errors) and nothing is made active.
 */
import { JourneysClient } from '@journeykit/core';
import { startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import { context, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { journeysTelemetry } from '../src/index.js';

const API_KEY = 'sk_test_otel_no_sdk';
let server: FakeCourierServer;

beforeAll(async () => {
  server = await startFakeCourier({ apiKey: API_KEY });
});
afterAll(() => server.close());

it('a call without an SDK: same outcome, nothing made active, no observer (the client skips its bookkeeping)', async () => {
  const telemetry = journeysTelemetry();
  const client = new JourneysClient({ apiKey: API_KEY, baseUrl: server.url, retryDelayMs: 1, telemetry });
  try {
    await expect(client.invoke('welcome', { user_id: 'u1' })).resolves.toEqual({ runId: expect.any(String) });
    server.inject({ kind: 'status', status: 503, stored: false });
    await expect(client.invoke('welcome', { user_id: 'u1' })).resolves.toEqual({ runId: expect.any(String) });
    await expect(client.invoke('welcome', { user_id: 42 as unknown as string })).rejects.toMatchObject({ code: 'ERR_JOURNEYS_VALIDATION' });
  } finally {
    await client.close();
  }
  const seen: unknown[] = [];
  await telemetry.traceCall({ kind: 'runs.get', method: 'GET', serverAddress: 'api.courier.com', serverPort: 443, runId: 'r1' }, async (observer) => {
    seen.push(trace.getSpan(context.active()), observer !== undefined);
    observer?.end({ ok: true, attempts: 1 });
  });
  expect(seen).toEqual([undefined, false]);
});
