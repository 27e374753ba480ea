/**
 * A real OpenTelemetry SDK whose exporters drop everything: the Node tracer provider (AsyncLocalStorage
 * context; by default parent-based always-on sampling, so every call's span is recorded) with a batch span
 * processor, and a meter provider with a periodic reader. What production pays to record spans and
 * metrics, without the cost of sending them anywhere.
 */
import { context, metrics, ROOT_CONTEXT } from '@opentelemetry/api';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** @type {import('@opentelemetry/sdk-trace-base').SpanExporter} */
const dropSpans = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: async () => {},
};

/** @type {import('@opentelemetry/sdk-metrics').PushMetricExporter} */
const dropMetrics = {
  export: (_metrics, done) => done({ code: 0 }),
  forceFlush: async () => {},
  shutdown: async () => {},
};

/**
 * @param {{ sampleRatio?: number }} [options] with `sampleRatio`, head sampling as production often
 * has it (`ParentBased(TraceIdRatioBased(ratio))`); without, every span is recorded.
 */
export async function startNoopSdk(options = {}) {
  const sampler = options.sampleRatio === undefined ? undefined : new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.sampleRatio) });
  const tracerProvider = new NodeTracerProvider({ sampler, spanProcessors: [new BatchSpanProcessor(dropSpans)] });
  tracerProvider.register();
  // OpenTelemetry's default export interval (60 s) would never fire in a 3 s run: 1 s, so collection is part of what is measured.
  const meterProvider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter: dropMetrics, exportIntervalMillis: 1_000 })] });
  metrics.setGlobalMeterProvider(meterProvider);
  // In an app, the HTTP server instrumentation makes a context active for every request, which
  // switches on AsyncLocalStorage's tracking of every promise (on Node 20, async hooks): a cost of
  // having the SDK, paid with or without journeykit's telemetry. Switch it on here too.
  context.with(ROOT_CONTEXT, () => undefined);
  return {
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}
