/**
 * The in-memory fake and the real client accept and reject exactly the same inputs, with the
 * same error classes, codes, messages and issues; and what the fake records equals what the real
 * client puts on the wire (as the fake server records it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JourneysClient, JourneysError, JourneysValidationError, type InvokeRequest, type InvokeResponse } from '@journeykit/core';
import { badInputs, goodInputs, named, type InputCase } from '@journeykit/test-support/cases';
import { FakeJourneysClient, RUN_ID_PATTERN, startFakeCourier, type FakeCourierServer } from '../src/index.js';

let server: FakeCourierServer;
let client: JourneysClient;
const fake = new FakeJourneysClient();

beforeAll(async () => {
  server = await startFakeCourier({ apiKey: 'parity-key' });
  client = new JourneysClient({ apiKey: 'parity-key', baseUrl: server.url, maxRetries: 0 });
});
afterAll(async () => {
  await client.close();
  await server.close();
});

type Settled = { ok: true; value: InvokeResponse } | { ok: false; error: unknown };
const settle = (p: Promise<InvokeResponse>): Promise<Settled> =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
const run = (invoker: FakeJourneysClient | JourneysClient, c: InputCase) =>
  settle(invoker.invoke(c.templateId as string, c.request() as InvokeRequest, c.options?.()));

// Rejected too, though not as invalid input: the call was cancelled before it started.
const rejected: InputCase[] = [
  ...badInputs,
  { name: 'already aborted signal', templateId: 'welcome', request: () => ({ user_id: 'u1' }), options: () => ({ signal: AbortSignal.abort() }) },
];

describe('parity: inputs both accept', () => {
  it.each(named(goodInputs))('%s', async (_name, c) => {
    const before = { fake: fake.invocations.length, server: server.invocations.length };
    const [fromFake, fromClient] = await Promise.all([run(fake, c), run(client, c)]);
    expect(fromFake.ok && fromClient.ok).toBe(true);
    if (!fromFake.ok || !fromClient.ok) return;
    expect(fromFake.value.runId).toMatch(RUN_ID_PATTERN);
    expect(fromClient.value.runId).toMatch(RUN_ID_PATTERN);

    expect(fake.invocations).toHaveLength(before.fake + 1);
    expect(server.invocations).toHaveLength(before.server + 1);
    const recordedByFake = fake.invocations.at(-1);
    const recordedByServer = server.invocations.at(-1);
    // The fake's normalised request is exactly what the real client sent over HTTP.
    expect(recordedByFake?.request).toEqual(recordedByServer?.request);
    expect(recordedByFake?.templateId).toBe(recordedByServer?.templateId);
    expect(recordedByFake?.templateId).toBe(c.templateId);
    expect(recordedByFake?.userId).toBe(recordedByServer?.userId);
    expect(recordedByServer?.userId).toBe(c.userId);
    expect(recordedByServer?.runId).toBe(fromClient.value.runId);
    const givenKey = c.options?.().idempotencyKey;
    if (givenKey !== undefined) {
      expect(recordedByFake?.idempotencyKey).toBe(givenKey);
      expect(recordedByServer?.idempotencyKey).toBe(givenKey);
    } else {
      expect(recordedByFake?.idempotencyKey).toEqual(expect.any(String));
      expect(recordedByServer?.idempotencyKey).toEqual(expect.any(String));
    }
  });
});

describe('parity: inputs both reject', () => {
  it.each(named(rejected))('%s', async (_name, c) => {
    const requestsBefore = server.requests.length;
    const runsBefore = fake.invocations.length;
    const [fromFake, fromClient] = await Promise.all([run(fake, c), run(client, c)]);
    expect(fromFake.ok).toBe(false);
    expect(fromClient.ok).toBe(false);
    if (fromFake.ok || fromClient.ok) return;
    const [a, b] = [fromFake.error, fromClient.error];
    expect(a).toBeInstanceOf(JourneysError);
    expect((a as object).constructor).toBe((b as object).constructor);
    expect((a as JourneysError).code).toBe((b as JourneysError).code);
    expect((a as Error).message).toBe((b as Error).message);
    if (b instanceof JourneysValidationError) expect((a as JourneysValidationError).issues).toEqual(b.issues);
    // Nothing reached the server, and the fake recorded nothing.
    expect(server.requests).toHaveLength(requestsBefore);
    expect(fake.invocations).toHaveLength(runsBefore);
  });
});
