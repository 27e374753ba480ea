/**
 * The setup most test files share: a fake Courier server for the file, and a fresh SDK (registered
 * globally) for each test.
 */
import type { JourneysClient } from '@journeykit/core';
import { startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import { trace } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startTestSdk, type TestSdk } from './otel.js';

export interface Harness {
  readonly server: FakeCourierServer;
  readonly sdk: TestSdk;
}

export function useFakeCourierAndSdk(apiKey: string, { undici = true }: { undici?: boolean } = {}): Harness {
  let server: FakeCourierServer | undefined;
  let sdk: TestSdk | undefined;
  beforeAll(async () => {
    server = await startFakeCourier({ apiKey });
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    sdk = startTestSdk({ undici });
    server?.reset();
  });
  afterEach(() => sdk?.shutdown());
  return {
    get server() {
      if (server === undefined) throw new Error('the fake Courier server starts in beforeAll');
      return server;
    },
    get sdk() {
      if (sdk === undefined) throw new Error('the SDK starts in beforeEach');
      return sdk;
    },
  };
}

/** Starts `count` calls at once, each under a request span of its own (`request 0`, `request 1`, ...). */
export function invokeUnderRequestSpans(client: JourneysClient, count: number): Promise<void[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      trace.getTracer('app').startActiveSpan(`request ${i}`, async (span) => {
        await client.invoke('order-shipped', { user_id: `user-${i}` });
        span.end();
      }),
    ),
  );
}
