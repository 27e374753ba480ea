/**
 * The built package, as users install it: ESM and CJS export the same API, and the CJS build
 * records a span through the same @opentelemetry/api as the app (one global registry).
 */
import { createRequire } from 'node:module';
import { afterEach, expect, it } from 'vitest';
import { startTestSdk, type TestSdk } from './support/otel.js';

const require = createRequire(import.meta.url);
let sdk: TestSdk | undefined;
afterEach(() => sdk?.shutdown());

it('ESM and CJS export the same API', async () => {
  const esm = (await import('@journeykit/opentelemetry')) as Record<string, unknown>;
  const cjs = require('@journeykit/opentelemetry') as Record<string, unknown>;
  expect(
    Object.keys(esm)
      .filter((k) => k !== 'default')
      .sort(),
  ).toEqual(['CALL_DURATION_BUCKETS', 'INSTRUMENTATION_SCOPE', 'journeysTelemetry']);
  expect(Object.keys(cjs).sort()).toEqual(
    Object.keys(esm)
      .filter((k) => k !== 'default')
      .sort(),
  );
});

it('the CJS build records a span with the scope and the release it was built from', async () => {
  sdk = startTestSdk({ undici: false });
  const { journeysTelemetry } = require('@journeykit/opentelemetry') as typeof import('../src/index.js');
  const { version } = require('../package.json') as { version: string };
  await journeysTelemetry().traceCall(
    { kind: 'runs.get', method: 'GET', serverAddress: 'api.courier.com', serverPort: 443, runId: 'r1' },
    async (observer) => {
      observer?.end({ ok: true, attempts: 1 });
    },
  );
  const [span] = sdk.spans.getFinishedSpans();
  expect(span?.name).toBe('journey.runs.get');
  expect(span?.instrumentationScope).toEqual({ name: '@journeykit/opentelemetry', version, schemaUrl: undefined });
});
