import type { JourneysTelemetry } from '@journeykit/core';
import type { JourneysCallInfo, JourneysCallObserver } from '@journeykit/core/internal';
import { context, createNoopMeter, INVALID_SPAN_CONTEXT, metrics, SpanKind, trace, type Attributes, type Tracer } from '@opentelemetry/api';
import { ATTR_CALL_KIND, ATTR_HTTP_REQUEST_METHOD, ATTR_JOURNEY, ATTR_RUN_ID, ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT } from './attributes.js';
import { CallMetrics } from './call-metrics.js';
import { CallRecorder } from './call-span.js';
import { checkTelemetryOptions, type JourneysTelemetryOptions } from './options.js';
import { createOutboxTelemetry, type OutboxTelemetry } from './outbox-metrics.js';

declare const __JOURNEYKIT_VERSION__: string;

/** The instrumentation scope of every span and instrument: this package and its release. */
export const INSTRUMENTATION_SCOPE = '@journeykit/opentelemetry';
const VERSION = __JOURNEYKIT_VERSION__;

/** What {@link journeysTelemetry} returns: a telemetry for `JourneysClient` and for `JourneysOutbox`. */
export interface JourneysOpenTelemetry extends JourneysTelemetry, OutboxTelemetry {}

function spanName(info: JourneysCallInfo): string {
  if (info.kind === 'invoke') return info.templateId === undefined ? 'journey.invoke' : `journey.invoke ${info.templateId}`;
  return `journey.${info.kind}`;
}

/**
 * Traces and metrics for journey calls through the OpenTelemetry API. Give the result to a
 * `JourneysClient` (or `journeys()`, `JourneysModule.forRoot()`) as `telemetry`, and to a
 * `JourneysOutbox` as `telemetry` for the outbox's metrics. Each call gets one span,
 * `journey.invoke <templateId>` (`journey.cancel`, `journey.runs.get`, ...), a child of the
 * active span, covering every attempt and backoff wait; undici's HTTP spans nest under it when
 * `@opentelemetry/instrumentation-undici` is on. Without a registered SDK it costs next to nothing.
 * Never records the API key, `profile` or `data`; the user id only with `recordUserId: true`.
 *
 * @example
 * ```ts
 * import { NodeSDK } from '@opentelemetry/sdk-node';
 * import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
 * import { JourneysClient } from '@journeykit/core';
 * import { journeysTelemetry } from '@journeykit/opentelemetry';
 *
 * new NodeSDK({ instrumentations: [new UndiciInstrumentation()] }).start();
 * const client = new JourneysClient({ telemetry: journeysTelemetry() });
 * ```
 */
export function journeysTelemetry(options: JourneysTelemetryOptions = {}): JourneysOpenTelemetry {
  checkTelemetryOptions(options);
  const tracer: Tracer = (options.tracerProvider ?? trace).getTracer(INSTRUMENTATION_SCOPE, VERSION);
  const meter = (options.meterProvider ?? metrics).getMeter(INSTRUMENTATION_SCOPE, VERSION);
  // The API has no stand-in meter that a later SDK takes over: a no-op meter stays one, so skip the tallies.
  const callMetrics = meter === createNoopMeter() ? undefined : new CallMetrics(meter);
  const recordUserId = options.recordUserId === true;
  const kind = options.spanKind === 'client' ? SpanKind.CLIENT : SpanKind.INTERNAL;
  const outbox = createOutboxTelemetry(meter);

  return {
    traceCall<T>(info: JourneysCallInfo, run: (observer: JourneysCallObserver | undefined) => Promise<T>): Promise<T> {
      const parent = context.active();
      const attributes: Attributes = {
        [ATTR_CALL_KIND]: info.kind,
        [ATTR_HTTP_REQUEST_METHOD]: info.method,
        [ATTR_SERVER_ADDRESS]: info.serverAddress,
        [ATTR_SERVER_PORT]: info.serverPort,
      };
      if (info.templateId !== undefined) attributes[ATTR_JOURNEY] = info.templateId;
      if (info.runId !== undefined) attributes[ATTR_RUN_ID] = info.runId;
      const span = tracer.startSpan(spanName(info), { kind, attributes }, parent);
      const recording = span.isRecording();
      // Without an SDK (or for a span the sampler dropped, with no meter) there is nothing to record:
      // no observer, so the client skips its per-attempt bookkeeping too.
      const recorder = callMetrics === undefined && !recording ? undefined : new CallRecorder(span, info, callMetrics, recordUserId, recording);
      try {
        // Without an SDK the API hands back the parent's span context, or the invalid one: nothing new to make
        // active. A recording span is always new, so only a span that records nothing needs the comparison.
        if (!recording) {
          const spanContext = span.spanContext();
          if (spanContext === INVALID_SPAN_CONTEXT || spanContext === trace.getSpanContext(parent)) return run(recorder);
        }
        // The span is the active one for the whole call: undici's instrumentation files each attempt under it.
        return context.with(trace.setSpan(parent, span), run, undefined, recorder);
      } catch (error) {
        recorder?.threw(error);
        throw error;
      }
    },
    observeOutbox: outbox.observeOutbox,
  };
}
