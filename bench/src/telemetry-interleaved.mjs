/**
 * Variants of a JourneysClient taking turns in one process: each turn sends `batch` invokes with one
 * variant and is timed on its own (wall clock and this process's CPU); every turn runs the variants in
 * a new order, shuffled (seeded, so a rerun shuffles alike). Not rotated: a rotation keeps each variant's
 * predecessor fixed, and what one batch leaves behind (garbage, the span processor's export, the metric
 * reader's collection) then always lands on the same next variant, a bias the A/A control showed
 * (a second client exactly like the first cost 1% to 13% more CPU in every round).
 * Load from other work on a shared machine then falls on every variant alike, which fresh processes
 * minutes apart cannot promise: this resolves differences of a few percent.
 *
 * Run as a child (`fork`) with one JSON argument { url, apiKey, concurrency, turns, batch, sdk, sampleRatio?, baseTelemetry? };
 * it reports { variants: { [variant]: { invokesPerSecond, cpuUsPerInvoke } }, turns: { [variant]: { cpuMs, wallMs, invokes }[] },
 * sdkFloorUs?, noSdkCallNs? } over IPC: `turns` holds every turn in the order run, so the parent can cut them into rounds.
 * `baseTelemetry` (a path to another build of `@journeykit/opentelemetry`, say the branch base's) adds "on, base build":
 * before and after side by side in one process. With `sdk: false`: telemetry
 * off and on, no SDK registered. With `sdk: true` (an SDK is global, so it is the whole process's):
 * telemetry off, a bare span per call made by the app (the least any tracing of a call costs), a
 * span and one duration record per call made by the app (the least the "a span per call and
 * a duration histogram" costs with this SDK, before any journeykit code), the same with the span
 * journeykit makes (its name and attributes), telemetry on, and telemetry on with metrics off. It also times that SDK floor alone, in a loop with no I/O: its µs per call.
 * With `sdk: true` and a `sampleRatio`: the SDK samples that share of root spans; telemetry off and on.
 * With `sdk: false` it also times, alone, what telemetry adds to a call when no SDK is registered (ns).
 */
import { performance } from 'node:perf_hooks';
import { buildRequest, DATA_SIZES } from './payloads.mjs';
// The same seeded generator as the tests' fault schedules: every run shuffles the turns the same way.
import { seededRandom } from '@journeykit/test-support/random';

async function main() {
  const { url, apiKey, concurrency, turns, batch, sdk: withSdk, sampleRatio, baseTelemetry } = JSON.parse(process.argv[2] ?? '{}');
  const sdk = withSdk ? await (await import('./noop-sdk.mjs')).startNoopSdk({ sampleRatio }) : undefined;
  const { context, metrics, trace, createNoopMeter } = await import('@opentelemetry/api');
  const { JourneysClient } = await import('@journeykit/core');
  const { journeysTelemetry } = await import('@journeykit/opentelemetry');
  const { appSameSpanAndHistogram, appSpanAndHistogram, DURATION_ATTRIBUTES } = await import('./telemetry-floor.mjs');
  const request = /** @type {any} */ (buildRequest(DATA_SIZES['200B']));
  const off = new JourneysClient({ apiKey, baseUrl: url });
  const on = new JourneysClient({ apiKey, baseUrl: url, telemetry: journeysTelemetry() });
  const noMetrics = new JourneysClient({
    apiKey,
    baseUrl: url,
    telemetry: journeysTelemetry({ meterProvider: { getMeter: () => createNoopMeter() } }),
  });
  const tracer = trace.getTracer('app');
  const histogram = metrics.getMeter('app').createHistogram('app.journey.duration.alone', { unit: 's' });
  const durationAttributes = DURATION_ATTRIBUTES;
  const floorInvoke = await appSpanAndHistogram((/** @type {string} */ templateId, /** @type {any} */ body) => off.invoke(templateId, body));
  const spanAndHistogram = () => floorInvoke('order-shipped', request);
  const { hostname, port } = new URL(url);
  const sameSpanInvoke = await appSameSpanAndHistogram((/** @type {string} */ templateId, /** @type {any} */ body) => off.invoke(templateId, body), {
    serverAddress: hostname,
    serverPort: Number(port),
  });
  // The same telemetry from another build (the branch base's, say), for before and after in one run.
  const base =
    baseTelemetry === undefined
      ? undefined
      : new JourneysClient({ apiKey, baseUrl: url, telemetry: (await import(baseTelemetry)).journeysTelemetry() });
  /** @type {Record<string, () => Promise<unknown>>} */
  const onBase = base === undefined ? {} : { 'on, base build': () => base.invoke('order-shipped', request) };
  // A second client exactly like `off`: the spread between the two is what this run can resolve.
  const offAgain = new JourneysClient({ apiKey, baseUrl: url });
  const offAndOn = {
    off: () => off.invoke('order-shipped', request),
    'off, a second client': () => offAgain.invoke('order-shipped', request),
    on: () => on.invoke('order-shipped', request),
  };
  // Core's side of telemetry alone: a telemetry that does nothing but run the call.
  const doNothing = new JourneysClient({ apiKey, baseUrl: url, telemetry: { traceCall: (_info, run) => run(undefined) } });
  /** @type {Record<string, () => Promise<unknown>>} */
  const variants =
    withSdk && sampleRatio === undefined
      ? {
          off: offAndOn.off,
          'off, a second client': offAndOn['off, a second client'],
          'bare span': () => tracer.startActiveSpan('call', (span) => off.invoke('order-shipped', request).finally(() => span.end())),
          'span + histogram': spanAndHistogram,
          'same span + histogram': () => sameSpanInvoke('order-shipped', request),
          on: offAndOn.on,
          ...onBase,
          'on, metrics off': () => noMetrics.invoke('order-shipped', request),
        }
      : withSdk
        ? offAndOn
        : { ...offAndOn, ...onBase, 'a telemetry that does nothing': () => doNothing.invoke('order-shipped', request) };
  const names = Object.keys(variants);
  const totals = Object.fromEntries(names.map((n) => [n, { cpuMs: 0, wallMs: 0, invokes: 0 }]));
  /** @type {Record<string, { cpuMs: number, wallMs: number, invokes: number }[]>} */
  const turnsRun = Object.fromEntries(names.map((n) => [n, []]));
  const run = async (/** @type {() => Promise<unknown>} */ invoke, /** @type {number} */ count) => {
    let next = 0;
    const worker = async () => {
      while (next++ < count) await invoke();
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  for (const name of names) await run(/** @type {() => Promise<unknown>} */ (variants[name]), batch * 2);
  const random = seededRandom(concurrency * 7919 + names.length);
  for (let turn = 0; turn < turns; turn++) {
    const order = [...names];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [/** @type {string} */ (order[j]), /** @type {string} */ (order[i])];
    }
    for (const name of order) {
      const total = /** @type {{ cpuMs: number, wallMs: number, invokes: number }} */ (totals[name]);
      const cpu = process.cpuUsage();
      const started = performance.now();
      await run(/** @type {() => Promise<unknown>} */ (variants[name]), batch);
      const used = process.cpuUsage(cpu);
      const wallMs = performance.now() - started;
      const cpuMs = (used.user + used.system) / 1000;
      total.wallMs += wallMs;
      total.cpuMs += cpuMs;
      total.invokes += batch;
      turnsRun[name]?.push({ cpuMs, wallMs, invokes: batch });
    }
  }
  // The SDK floor alone: a span made active around nothing, and one histogram record, per call.
  let sdkFloorUs;
  if (withSdk && sampleRatio === undefined) {
    const noop = () => undefined;
    const floor = () => {
      const started = performance.now();
      const span = tracer.startSpan('call');
      context.with(trace.setSpan(context.active(), span), noop);
      histogram.record((performance.now() - started) / 1000, durationAttributes);
      span.end();
    };
    // The batch span processor exports 512 spans at a time once the loop lets its promises run: yield
    // every 256 spans, or its queue fills (2,048) and it drops spans instead of keeping them, which is cheaper.
    const spans = async (/** @type {number} */ count) => {
      for (let i = 0; i < count; i++) {
        floor();
        if (i % 256 === 255) await new Promise((resolve) => setImmediate(resolve));
      }
    };
    await spans(20_000);
    /** @type {number[]} */
    const samples = [];
    for (let round = 0; round < 5; round++) {
      const cpu = process.cpuUsage();
      await spans(20_000);
      const used = process.cpuUsage(cpu);
      samples.push((used.user + used.system) / 20_000);
    }
    sdkFloorUs = samples.sort((a, b) => a - b)[2];
  }
  // Without an SDK: what telemetry adds to a call, timed alone. With telemetry the client builds the
  // call's info and a closure and goes through traceCall (and the API's no-op span); without, it runs
  // the call directly: that direct run is the baseline.
  let noSdkCallNs;
  if (!withSdk) {
    const telemetry = journeysTelemetry();
    const settled = Promise.resolve();
    const call = () => settled;
    const traced = () =>
      telemetry.traceCall({ kind: 'invoke', method: 'POST', serverAddress: '127.0.0.1', serverPort: 8080, templateId: 'order-shipped' }, () =>
        call(),
      );
    const time = (/** @type {() => unknown} */ fn) => {
      const cpu = process.cpuUsage();
      for (let i = 0; i < 1_000_000; i++) fn();
      const used = process.cpuUsage(cpu);
      return (used.user + used.system) / 1_000;
    };
    /** @type {number[]} */
    const added = [];
    for (let round = 0; round < 7; round++) added.push(time(traced) - time(call));
    noSdkCallNs = Math.max(0, /** @type {number} */ (added.sort((a, b) => a - b)[3]));
  }
  await Promise.all([off.close(), offAgain.close(), on.close(), noMetrics.close(), doNothing.close(), base?.close()]);
  await sdk?.shutdown();
  const result = Object.fromEntries(
    Object.entries(totals).map(([name, t]) => [
      name,
      { invokesPerSecond: (t.invokes / t.wallMs) * 1000, cpuUsPerInvoke: (t.cpuMs * 1000) / t.invokes },
    ]),
  );
  process.send?.({ variants: result, turns: turnsRun, sdkFloorUs, noSdkCallNs }, () => process.disconnect?.());
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
