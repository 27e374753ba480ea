/**
 * Attempts that wait for a connection (more calls than `connections`) must still nest under their
 * own call. Fails until core grants a freed slot only after undici can reuse the connection: see
 * the comment in the test.
 */
import { JourneysClient } from '@journeykit/core';
import { startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { journeysTelemetry } from '../src/index.js';
import { invokeUnderRequestSpans } from './support/harness.js';
import { parentOf, startTestSdk, type TestSdk } from './support/otel.js';

const API_KEY = 'sk_test_otel_secret_key';
let server: FakeCourierServer;
let sdk: TestSdk;

beforeAll(async () => {
  server = await startFakeCourier({ apiKey: API_KEY });
  sdk = startTestSdk();
});
afterAll(async () => {
  await sdk.shutdown();
  await server.close();
});

it('40 calls over 2 connections: each HTTP span is filed under the call whose attempt it is', async () => {
  // undici's instrumentation creates an attempt's span when undici creates its Request, in the
  // async context active then. A request that undici's Pool has to queue is created later, from the
  // Pool's 'drain' handler, in the context of whichever call's socket drained. undici makes a
  // keep-alive connection reusable one setImmediate after a response completes; core's
  // ConnectionSlots grants the freed slot on a microtask, before that, so the Pool queues the
  // attempt and its span lands under another call.
  const client = new JourneysClient({ apiKey: API_KEY, baseUrl: server.url, connections: 2, telemetry: journeysTelemetry() });
  try {
    await invokeUnderRequestSpans(client, 40);
  } finally {
    await client.close();
  }
  const spans = sdk.spans.getFinishedSpans();
  const calls = spans.filter((s) => s.name === 'journey.invoke order-shipped');
  const posts = spans.filter((s) => s.name === 'POST');
  expect(calls).toHaveLength(40);
  expect(posts).toHaveLength(40);
  const perCall = calls.map((call) => posts.filter((p) => parentOf(p) === call.spanContext().spanId).length);
  expect(perCall).toEqual(calls.map(() => 1));
});
