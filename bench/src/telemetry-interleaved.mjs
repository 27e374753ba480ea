/**
 * Variants of a JourneysClient taking turns in one process: each turn sends `batch` invokes with one
 * variant and is timed on its own (wall clock and this process's CPU); the order rotates every turn.
 * Load from other work on a shared machine then falls on every variant alike, which fresh processes
 * minutes apart cannot promise: this resolves differences of a few percent.
 *
 * Run as a child (`fork`) with one JSON argument { url, apiKey, concurrency, turns, batch, sdk }; it
 * reports { [variant]: { invokesPerSecond, cpuUsPerInvoke } } over IPC. With `sdk: false`: telemetry
 * off and on, no SDK registered. With `sdk: true` (an SDK is global, so it is the whole process's):
 * telemetry off, a bare span per call made by the app (the least any tracing of a call costs),
 * telemetry on, and telemetry on with metrics off.
 */
import { performance } from 'node:perf_hooks';
import { buildRequest, DATA_SIZES } from './payloads.mjs';

async function main() {
  const { url, apiKey, concurrency, turns, batch, sdk: withSdk } = JSON.parse(process.argv[2] ?? '{}');
  const sdk = withSdk ? await (await import('./noop-sdk.mjs')).startNoopSdk() : undefined;
  const { trace, createNoopMeter } = await import('@opentelemetry/api');
  const { JourneysClient } = await import('@journeykit/core');
  const { journeysTelemetry } = await import('@journeykit/opentelemetry');
  const request = /** @type {any} */ (buildRequest(DATA_SIZES['200B']));
  const off = new JourneysClient({ apiKey, baseUrl: url });
  const on = new JourneysClient({ apiKey, baseUrl: url, telemetry: journeysTelemetry() });
  const noMetrics = new JourneysClient({
    apiKey,
    baseUrl: url,
    telemetry: journeysTelemetry({ meterProvider: { getMeter: () => createNoopMeter() } }),
  });
  const tracer = trace.getTracer('app');
  /** @type {Record<string, () => Promise<unknown>>} */
  const variants = withSdk
    ? {
        off: () => off.invoke('order-shipped', request),
        'bare span': () => tracer.startActiveSpan('call', (span) => off.invoke('order-shipped', request).finally(() => span.end())),
        on: () => on.invoke('order-shipped', request),
        'on, metrics off': () => noMetrics.invoke('order-shipped', request),
      }
    : { off: () => off.invoke('order-shipped', request), on: () => on.invoke('order-shipped', request) };
  const names = Object.keys(variants);
  const totals = Object.fromEntries(names.map((n) => [n, { cpuMs: 0, wallMs: 0, invokes: 0 }]));
  const run = async (/** @type {() => Promise<unknown>} */ invoke, /** @type {number} */ count) => {
    let next = 0;
    const worker = async () => {
      while (next++ < count) await invoke();
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  for (const name of names) await run(/** @type {() => Promise<unknown>} */ (variants[name]), batch * 2);
  for (let turn = 0; turn < turns; turn++) {
    for (let i = 0; i < names.length; i++) {
      const name = /** @type {string} */ (names[(i + turn) % names.length]);
      const total = /** @type {{ cpuMs: number, wallMs: number, invokes: number }} */ (totals[name]);
      const cpu = process.cpuUsage();
      const started = performance.now();
      await run(/** @type {() => Promise<unknown>} */ (variants[name]), batch);
      const used = process.cpuUsage(cpu);
      total.wallMs += performance.now() - started;
      total.cpuMs += (used.user + used.system) / 1000;
      total.invokes += batch;
    }
  }
  await Promise.all([off.close(), on.close(), noMetrics.close()]);
  await sdk?.shutdown();
  const result = Object.fromEntries(
    Object.entries(totals).map(([name, t]) => [
      name,
      { invokesPerSecond: (t.invokes / t.wallMs) * 1000, cpuUsPerInvoke: (t.cpuMs * 1000) / t.invokes },
    ]),
  );
  process.send?.(result, () => process.disconnect?.());
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
