/**
 * `pnpm bench:telemetry`: what `journeysTelemetry()` costs a JourneysClient. Four variants, each in
 * a fresh process against the same invoke server, alternating within every round (the order
 * rotates each round) so that a machine shared with other work burdens them alike:
 *
 * - `core`: telemetry off (the baseline);
 * - `core-otel-api`: telemetry on, no OpenTelemetry SDK registered (the API's no-ops);
 * - `core-sdk`: telemetry off, the same SDK registered (and AsyncLocalStorage on, as an instrumented app has it);
 * - `core-otel-sdk`: telemetry on, a real SDK that records every span and metric and exports them
 *   to exporters that drop them.
 *
 * Then the same variants taking turns in one process (telemetry-interleaved.mjs), which resolves a few
 * percent on a loaded machine. Prints every run and the tables; with --write, puts them in BENCHMARKS.md.
 * Flags: --rounds=7 --invokes=20000 --warmup=1000 --max-seconds=2.5 --concurrency=1,64 --write
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runClientChild, startInvokeServer } from './child-processes.mjs';
import { IMPLEMENTATIONS } from './implementations.mjs';
import { DATA_SIZES } from './payloads.mjs';
import { median } from './stats.mjs';
import { writeTelemetrySection } from './telemetry-section.mjs';
import { scriptArgs } from './cli-options.mjs';

const { values } = parseArgs({
  args: scriptArgs(),
  options: {
    rounds: { type: 'string', default: '7' },
    invokes: { type: 'string', default: '20000' },
    warmup: { type: 'string', default: '1000' },
    'max-seconds': { type: 'string', default: '2.5' },
    concurrency: { type: 'string', default: '1,64' },
    write: { type: 'boolean', default: false },
    'interleaved-turns': { type: 'string', default: '40' },
  },
});
const rounds = Number(values.rounds);
const concurrency = String(values.concurrency).split(',').map(Number);
const VARIANTS = ['core', 'core-otel-api', 'core-sdk', 'core-otel-sdk'];
const TARGETS = { 'core-otel-api': 0.98, 'core-otel-sdk': 0.9 };
/** The one-process runs: no SDK; an SDK recording every span; an SDK sampling 10% of traces at the root. */
const SDK_MODES = /** @type {const} */ (['none', 'registered', 'sampled']);
const SAMPLE_RATIO = 0.1;

const fmt = (/** @type {number} */ n, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const load = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');

const loadAtStart = load();
const server = await startInvokeServer();
/** @type {Map<string, { invokesPerSecond: number, cpuMsPer1k: number, p99Ms: number }[]>} */
const runs = new Map();
/** @typedef {{ variants: Record<string, { invokesPerSecond: number, cpuUsPerInvoke: number }>, sdkFloorUs?: number, noSdkCallNs?: number }} Interleaved */
/** @type {Map<string, Interleaved>} */
const interleaved = new Map();

/** Runs telemetry-interleaved.mjs in a child process and returns what it reports. */
function runInterleaved(/** @type {object} */ config) {
  return /** @type {Promise<Interleaved>} */ (
    new Promise((resolve, reject) => {
      const child = fork(fileURLToPath(new URL('./telemetry-interleaved.mjs', import.meta.url)), [JSON.stringify(config)], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      /** @type {Interleaved | undefined} */
      let report;
      child.on('message', (msg) => (report = /** @type {Interleaved} */ (msg)));
      child.once('exit', (code) => (report ? resolve(report) : reject(new Error(`interleaved run ended without a result (code ${code})`))));
    })
  );
}
try {
  console.log(`telemetry overhead: ${VARIANTS.join(', ')}; in flight ${concurrency.join('/')}; 200B; ${rounds} rounds; load ${loadAtStart}`);
  for (let round = 1; round <= rounds; round++) {
    for (const c of concurrency) {
      const order = VARIANTS.map((_, i) => /** @type {string} */ (VARIANTS[(i + round - 1) % VARIANTS.length]));
      for (const impl of order) {
        const result = /** @type {any} */ (
          await runClientChild(
            {
              impl,
              url: server.url,
              apiKey: 'bench-key',
              concurrency: c,
              dataBytes: DATA_SIZES['200B'],
              warmup: Number(values.warmup),
              invokes: Number(values.invokes),
              maxSeconds: Number(values['max-seconds']),
            },
            { timeoutMs: 120_000 },
          )
        );
        const key = `${c}|${impl}`;
        runs.set(key, [...(runs.get(key) ?? []), result]);
        console.log(
          `round ${round} in flight ${String(c).padEnd(3)} ${impl.padEnd(14)} ${fmt(result.invokesPerSecond).padStart(7)}/s  cpu ${fmt(result.cpuMsPer1k)} ms/1k  p99 ${fmt(result.p99Ms, 2)} ms  (load ${load()})`,
        );
      }
    }
  }
  for (const mode of SDK_MODES) {
    for (const c of concurrency) {
      const result = await runInterleaved({
        url: server.url,
        apiKey: 'bench-key',
        concurrency: c,
        turns: Number(values['interleaved-turns']),
        batch: 1000,
        sdk: mode !== 'none',
        sampleRatio: mode === 'sampled' ? SAMPLE_RATIO : undefined,
      });
      interleaved.set(`${mode}|${c}`, result);
      console.log(
        `interleaved, SDK ${mode}, in flight ${c}: ${Object.entries(result.variants)
          .map(([name, r]) => `${name} ${fmt(r.invokesPerSecond)}/s ${fmt(r.cpuUsPerInvoke, 1)} us`)
          .join(
            '; ',
          )}${result.sdkFloorUs === undefined ? '' : `; SDK floor alone ${fmt(result.sdkFloorUs, 1)} us`}${result.noSdkCallNs === undefined ? '' : `; telemetry without an SDK alone ${fmt(result.noSdkCallNs)} ns`} (load ${load()})`,
      );
    }
  }
} finally {
  await server.stop();
}

const lines = [
  '## Telemetry overhead (`pnpm bench:telemetry`)',
  '',
  `Generated on ${new Date().toISOString().slice(0, 10)}: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version};` +
    ` load average ${loadAtStart} at start, ${load()} at the end (the machine is shared). 200 B of data, ${rounds} rounds, the variants` +
    ` alternating in every round (order rotated); each run a fresh process with ${fmt(Number(values.warmup))} warm-up invokes, then ${fmt(Number(values.invokes))} invokes or ${values['max-seconds']} s; medians over rounds.`,
  '"SDK" is a real one: NodeTracerProvider (every span sampled and recorded, batch span processor) and a MeterProvider (periodic reader, 1 s),',
  'with exporters that drop what they get. The undici instrumentation is not on: its per-attempt spans are its cost, not ours.',
  ...(Math.max(Number(loadAtStart.split(' / ')[0]), os.loadavg()[0] ?? 0) > os.cpus().length
    ? [
        '',
        `**The load average was above the ${os.cpus().length} cores**: fresh-process throughput moves by 2x between runs of the same variant here; the CPU columns and the one-process comparison below are the figures to read.`,
      ]
    : []),
  '',
  '"vs same SDK, telemetry off" compares the last variant with the one before it: what journeykit\'s telemetry adds in an app that has the SDK anyway.',
  '',
  '| in flight | variant | invokes/s | vs telemetry off | target | met | vs same SDK, telemetry off | CPU µs / invoke | CPU vs off | p99 ms |',
  '|---:|---|---:|---:|---:|:---:|---:|---:|---:|---:|',
];
for (const c of concurrency) {
  const med = (/** @type {string} */ impl, /** @type {'invokesPerSecond' | 'cpuMsPer1k' | 'p99Ms'} */ field) =>
    median((runs.get(`${c}|${impl}`) ?? []).map((r) => r[field]));
  const base = med('core', 'invokesPerSecond');
  const baseCpu = med('core', 'cpuMsPer1k');
  for (const impl of VARIANTS) {
    const rps = med(impl, 'invokesPerSecond');
    const cpu = med(impl, 'cpuMsPer1k');
    const target = /** @type {Record<string, number>} */ (TARGETS)[impl];
    const ratio = rps / base;
    const vsSdk = impl === 'core-otel-sdk' ? `${fmt(rps / med('core-sdk', 'invokesPerSecond'), 3)}x` : '';
    lines.push(
      `| ${c} | ${IMPLEMENTATIONS[impl]?.label ?? impl} | ${fmt(rps)} | ${fmt(ratio, 3)}x | ${target === undefined ? '' : `>= ${target}x`} | ${target === undefined ? '' : ratio >= target ? 'yes' : '**no**'} | ${vsSdk} | ${fmt(cpu, 1)} | ${fmt(cpu / baseCpu, 3)}x | ${fmt(med(impl, 'p99Ms'), 2)} |`,
    );
  }
}
lines.push(
  '',
  `The same in one process: the variants take turns every 1,000 invokes (${values['interleaved-turns']} turns each, the order rotating), so that load`,
  'from other work falls on all alike. "off, a second client" is a second client exactly like "off": how far apart those two land is what the',
  'run can resolve (at 64 in flight, several percent here, in throughput and in CPU per invoke alike). Without an SDK, "a telemetry that does',
  'nothing" is a client whose telemetry only runs the call: core\'s side of telemetry alone, with no OpenTelemetry code.',
  'With an SDK (global, so the whole process has it), it also runs',
  'a bare span per call made by the app around a client without telemetry (the least any tracing of a call costs), a span and one duration',
  "histogram record per call made by the app (the SDK's price for a span and a duration record per call, before any journeykit code), and",
  `telemetry with metrics off. Last, the SDK sampling ${SAMPLE_RATIO * 100}% of traces at the root (\`ParentBased(TraceIdRatioBased(${SAMPLE_RATIO}))\`, as production often runs):`,
  'the other calls get a span that records nothing, and the duration histogram is still recorded for every call.',
  '',
  '| SDK | in flight | variant | invokes/s | vs off | target | met | CPU µs / invoke | CPU vs off |',
  '|---|---:|---|---:|---:|---:|:---:|---:|---:|',
);
/** @type {string[]} */
const floors = [];
/** @type {string[]} */
const noSdkCosts = [];
for (const [key, { variants: result, sdkFloorUs, noSdkCallNs }] of interleaved) {
  const [mode, c] = key.split('|');
  const off = /** @type {{ invokesPerSecond: number, cpuUsPerInvoke: number }} */ (result.off);
  if (noSdkCallNs !== undefined) {
    noSdkCosts.push(
      `${fmt(noSdkCallNs)} ns against 2% of the client's ${fmt(off.cpuUsPerInvoke, 1)} µs at ${c} in flight (${fmt(off.cpuUsPerInvoke * 20)} ns)`,
    );
  }
  if (sdkFloorUs !== undefined) {
    floors.push(
      `at ${c} in flight, ${fmt(sdkFloorUs, 1)} µs alone against 10% of the client's ${fmt(off.cpuUsPerInvoke, 1)} µs of CPU per invoke (${fmt(off.cpuUsPerInvoke / 10, 1)} µs)`,
    );
  }
  for (const [name, r] of Object.entries(result)) {
    const ratio = r.invokesPerSecond / off.invokesPerSecond;
    const target = name === 'on' && mode !== 'sampled' ? (mode === 'registered' ? 0.9 : 0.98) : undefined;
    lines.push(
      `| ${mode === 'sampled' ? `registered, ${SAMPLE_RATIO * 100}% sampled` : mode} | ${c} | ${name} | ${fmt(r.invokesPerSecond)} | ${fmt(ratio, 3)}x | ${target === undefined ? '' : `>= ${target}x`} | ${target === undefined ? '' : ratio >= target ? 'yes' : '**no**'} | ${fmt(r.cpuUsPerInvoke, 1)} | ${fmt(r.cpuUsPerInvoke / off.cpuUsPerInvoke, 3)}x |`,
    );
  }
}
if (noSdkCosts.length > 0) {
  lines.push(
    '',
    `Without an SDK, what telemetry adds to a call timed alone, in a loop with no I/O (the call's info, a closure, \`traceCall\` and the API's no-op span, less the call run directly; median of 7): ${noSdkCosts.join('; ')}.`,
  );
}
if (floors.length > 0) {
  lines.push(
    '',
    `The SDK's floor timed alone, in a loop with no I/O (a span made active around nothing, then one histogram record with journeykit's attributes): ${floors.join('; ')}.`,
  );
}
const markdown = lines.join('\n');
console.log(`\n${markdown}\n`);
if (values.write) {
  writeTelemetrySection(markdown);
  console.log('Wrote the section into BENCHMARKS.md.');
}
