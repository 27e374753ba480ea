import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JourneysClient, JourneysError, JourneysValidationError, type InvokeRequest } from '../../src/index.js';
import { prepareInvocation } from '../../src/internal.js';
import { oracle, requestArb, templateArb } from '@journeykit/test-support/arbitraries';
import { startLocalServer, type LocalServer } from '@journeykit/test-support/local-server';

describe('properties of validation and sending', () => {
  let server: LocalServer;
  let client: JourneysClient;
  beforeAll(async () => {
    server = await startLocalServer();
    client = new JourneysClient({ apiKey: 'k', baseUrl: server.url, maxRetries: 0 });
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('never crashes, only throws JourneysValidationError, and agrees with the oracle', () => {
    fc.assert(
      fc.property(templateArb, requestArb, (templateId, request) => {
        let threw: unknown;
        try {
          const prepared = prepareInvocation(templateId as string, request as InvokeRequest);
          expect(prepared.body).toBe(JSON.stringify(request));
        } catch (err) {
          threw = err;
          expect(err).toBeInstanceOf(JourneysValidationError);
          expect((err as JourneysValidationError).issues.length).toBeGreaterThan(0);
        }
        expect(threw === undefined).toBe(oracle(templateId, request));
      }),
      { numRuns: 3000 },
    );
  });

  it('sends an input if and only if it is valid, and exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(templateArb, requestArb, async (templateId, request) => {
        const before = server.requests.length;
        const outcome = await client.invoke(templateId as string, request as InvokeRequest).then(
          (r) => r,
          (e: unknown) => e,
        );
        const sent = server.requests.length - before;
        if (oracle(templateId, request)) {
          expect(outcome).toEqual({ runId: 'run-1' });
          expect(sent).toBe(1);
          expect(server.requests.at(-1)?.body).toBe(JSON.stringify(request));
        } else {
          expect(outcome).toBeInstanceOf(JourneysError);
          expect(sent).toBe(0);
        }
      }),
      { numRuns: 400 },
    );
  });
});
