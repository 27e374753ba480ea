/**
 * The floor journeykit's telemetry is measured against: the app itself makes one active span and one
 * duration histogram record (with the attributes journeykit's histogram records) around a client
 * whose telemetry is off. What a span and a duration record per call cost with this SDK, before any
 * code of ours runs. Shared by the fresh-process variant (implementations.mjs) and the one-process
 * runs (telemetry-interleaved.mjs), so both measure the same floor.
 */
import { performance } from 'node:perf_hooks';

/** The attribute set journeykit's duration histogram records for the bench's invokes. */
export const DURATION_ATTRIBUTES = Object.freeze({
  'journeykit.call.kind': 'invoke',
  'journeykit.journey': 'order-shipped',
  'journeykit.outcome': 'success',
});

/**
 * Wraps `invoke` in the app's span and duration record. Import after the SDK is registered.
 * @template {unknown[]} A @template R
 * @param {(...args: A) => Promise<R>} invoke
 * @returns {Promise<(...args: A) => Promise<R>>}
 */
export async function appSpanAndHistogram(invoke) {
  const { metrics, trace } = await import('@opentelemetry/api');
  const tracer = trace.getTracer('app');
  const histogram = metrics.getMeter('app').createHistogram('app.journey.duration', { unit: 's' });
  return (...args) =>
    tracer.startActiveSpan('call', (span) => {
      const started = performance.now();
      return invoke(...args).then((result) => {
        histogram.record((performance.now() - started) / 1000, DURATION_ATTRIBUTES);
        span.end();
        return result;
      });
    });
}

/**
 * The same, with the span journeykit makes: its name, the attributes it gives at the start (where a
 * sampler sees them) and those it sets at the end. What the floor costs once the span says as much as ours.
 * @param {(templateId: string, request: any) => Promise<{ runId: string }>} invoke
 * @param {{ serverAddress: string, serverPort: number }} server
 * @returns {Promise<(templateId: string, request: any) => Promise<{ runId: string }>>}
 */
export async function appSameSpanAndHistogram(invoke, { serverAddress, serverPort }) {
  const { metrics, trace, SpanKind } = await import('@opentelemetry/api');
  const tracer = trace.getTracer('app');
  const histogram = metrics.getMeter('app').createHistogram('app.journey.duration.same', { unit: 's' });
  return (templateId, request) =>
    tracer.startActiveSpan(
      `journey.invoke ${templateId}`,
      {
        kind: SpanKind.INTERNAL,
        attributes: {
          'journeykit.call.kind': 'invoke',
          'http.request.method': 'POST',
          'server.address': serverAddress,
          'server.port': serverPort,
          'journeykit.journey': templateId,
        },
      },
      (span) => {
        const started = performance.now();
        return invoke(templateId, request).then((result) => {
          histogram.record((performance.now() - started) / 1000, DURATION_ATTRIBUTES);
          span.setAttribute('journeykit.outcome', 'success');
          span.setAttribute('journeykit.attempts', 1);
          span.setAttribute('http.response.status_code', 200);
          span.setAttribute('journeykit.run.id', result.runId);
          span.end();
          return result;
        });
      },
    );
}
