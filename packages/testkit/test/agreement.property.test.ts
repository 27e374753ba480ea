/**
 * The fake client and the real client agree on every generated input: both resolve, or both
 * reject with the same error class, code and issues; and what the fake records is what the real
 * client put on the wire.
 */
import fc from 'fast-check';
import { JourneysClient, JourneysError, type InvokeRequest } from '@journeykit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The same generators as core's property tests: both packages test against one definition.
import { oracle, requestArb, templateArb } from '@journeykit/test-support/arbitraries';
import { FakeJourneysClient, startFakeCourier, type FakeCourierServer } from '../src/index.js';

let server: FakeCourierServer;
let client: JourneysClient;
const fake = new FakeJourneysClient();
beforeAll(async () => {
  server = await startFakeCourier({ apiKey: 'k' });
  client = new JourneysClient({ apiKey: 'k', baseUrl: server.url, maxRetries: 0 });
});
afterAll(async () => {
  await client.close();
  await server.close();
});

const settle = (p: Promise<unknown>) =>
  p.then(
    () => ({ ok: true as const, error: undefined }),
    (error: unknown) => ({ ok: false as const, error }),
  );

describe('FakeJourneysClient and JourneysClient agree on generated inputs', () => {
  it('same outcome, same error, same recorded request', async () => {
    await fc.assert(
      fc.asyncProperty(templateArb, requestArb, async (templateId, request) => {
        const runsBefore = { fake: fake.invocations.length, server: server.invocations.length };
        const fromFake = await settle(fake.invoke(templateId as string, request as InvokeRequest));
        const fromClient = await settle(client.invoke(templateId as string, request as InvokeRequest));
        expect(fromFake.ok).toBe(fromClient.ok);
        expect(fromFake.ok).toBe(oracle(templateId, request));
        if (!fromFake.ok) {
          expect(fromFake.error).toBeInstanceOf(JourneysError);
          const [a, b] = [fromFake.error, fromClient.error] as JourneysError[];
          expect(a?.constructor).toBe(b?.constructor);
          expect(a?.code).toBe(b?.code);
          expect((a as { issues?: unknown }).issues).toEqual((b as { issues?: unknown }).issues);
          expect(server.invocations.length).toBe(runsBefore.server);
        } else {
          expect(fake.invocations.at(-1)?.request).toEqual(server.invocations.at(-1)?.request);
          expect(fake.invocations.at(-1)?.userId).toBe(server.invocations.at(-1)?.userId);
        }
      }),
      { numRuns: 300 },
    );
  });
});
