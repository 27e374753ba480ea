/**
 * A real OpenTelemetry SDK for tests: a Node tracer provider (AsyncLocalStorage context) with an
 * in-memory span exporter, a meter provider with an in-memory metric exporter, and, when asked,
 * the real undici instrumentation. Helpers render the exported spans as a tree.
 */
import { context, metrics, trace } from '@opentelemetry/api';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface TestSdk {
  spans: InMemorySpanExporter;
  tracerProvider: NodeTracerProvider;
  meterProvider: MeterProvider;
  undici: UndiciInstrumentation | undefined;
  /** Collects every metric point now. */
  collectMetrics(): Promise<ResourceMetrics[]>;
  shutdown(): Promise<void>;
}

/** Registers a fresh SDK globally (as NodeSDK.start() would). */
export function startTestSdk({ undici = true }: { undici?: boolean } = {}): TestSdk {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  tracerProvider.register();
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  // Never exports on its own within a test: collectMetrics() flushes on demand.
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(meterProvider);
  const instrumentation = undici ? new UndiciInstrumentation() : undefined;
  instrumentation?.setTracerProvider(tracerProvider);
  instrumentation?.enable();
  return {
    spans,
    tracerProvider,
    meterProvider,
    undici: instrumentation,
    async collectMetrics() {
      metricExporter.reset();
      await reader.forceFlush();
      return metricExporter.getMetrics();
    },
    async shutdown() {
      instrumentation?.disable();
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      trace.disable();
      context.disable();
      metrics.disable();
    },
  };
}

export function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

/** The exported spans as an indented tree of names, children in start order: what a trace view shows. */
export function renderTree(spans: readonly ReadableSpan[]): string {
  const byParent = new Map<string | undefined, ReadableSpan[]>();
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  for (const span of spans) {
    const parent = parentOf(span);
    const key = parent !== undefined && ids.has(parent) ? parent : undefined;
    byParent.set(key, [...(byParent.get(key) ?? []), span]);
  }
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number): void => {
    const children = (byParent.get(parent) ?? []).sort((a, b) => cmpTime(a.startTime, b.startTime));
    for (const child of children) {
      lines.push(`${'  '.repeat(depth)}${child.name}`);
      walk(child.spanContext().spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines.join('\n');
}

function cmpTime(a: [number, number], b: [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

export function findSpan(spans: readonly ReadableSpan[], name: string): ReadableSpan {
  const found = spans.filter((s) => s.name === name);
  if (found.length !== 1) throw new Error(`expected one span named ${name}, found ${found.length}: ${spans.map((s) => s.name).join(', ')}`);
  return found[0] as ReadableSpan;
}

/** Events as plain objects, without their timestamps. */
export function eventsOf(span: ReadableSpan): { name: string; attributes: Record<string, unknown> }[] {
  return span.events.map((e) => ({ name: e.name, attributes: { ...e.attributes } }));
}

/** Every data point of one metric, as { attributes, value }. */
export function pointsOf(resourceMetrics: ResourceMetrics[], name: string): { attributes: Record<string, unknown>; value: unknown }[] {
  const out: { attributes: Record<string, unknown>; value: unknown }[] = [];
  for (const rm of resourceMetrics) {
    for (const scope of rm.scopeMetrics) {
      for (const metric of scope.metrics) {
        if (metric.descriptor.name !== name) continue;
        for (const point of metric.dataPoints) out.push({ attributes: { ...point.attributes }, value: point.value });
      }
    }
  }
  return out;
}
