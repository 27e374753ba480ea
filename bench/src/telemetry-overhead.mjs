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
 * Prints every run and a table of medians; with --write, puts the table in BENCHMARKS.md.
 * Flags: --rounds=7 --invokes=20000 --warmup=1000 --max-seconds=2.5 --concurrency=1,64 --write
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { runClientChild, startInvokeServer } from './child-processes.mjs';
import { IMPLEMENTATIONS } from './implementations.mjs';
import { buildRequest, DATA_SIZES } from './payloads.mjs';
import { median } from './stats.mjs';
import { interleavedOverhead } from './telemetry-interleaved.mjs';
import { writeTelemetrySection } from './telemetry-section.mjs';

const { values } = parseArgs({
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

const fmt = (/** @type {number} */ n, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const load = () => os.loadavg().map((n) => n.toFixed(2)).join(' / ');

const loadAtStart = load();
const server = await startInvokeServer();
/** @type {Map<string, { invokesPerSecond: number, cpuMsPer1k: number, p99Ms: number }[]>} */
const runs = new Map();
/** @type {Map<number, Awaited<ReturnType<typeof interleavedOverhead>>>} */
const interleaved = new Map();
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
  for (const c of concurrency) {
    const turns = Number(values['interleaved-turns']);
    const result = await interleavedOverhead({ url: server.url, apiKey: 'bench-key', request: buildRequest(DATA_SIZES['200B']), concurrency: c, turns, batch: 1000 });
    interleaved.set(c, result);
    console.log(
      `interleaved, in flight ${c}: off ${fmt(result.off.invokesPerSecond)}/s ${fmt(result.off.cpuUsPerInvoke, 1)} us CPU; on, no SDK ${fmt(result.on.invokesPerSecond)}/s ${fmt(result.on.cpuUsPerInvoke, 1)} us CPU (load ${load()})`,
    );
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
  '',
  '"vs same SDK, telemetry off" compares the last variant with the one before it: what journeykit\'s telemetry adds in an app that has the SDK anyway.',
  '',
  '| in flight | variant | invokes/s | vs telemetry off | target | met | vs same SDK, telemetry off | CPU ms / 1k invokes | CPU vs off | p99 ms |',
  '|---:|---|---:|---:|---:|:---:|---:|---:|---:|---:|',
];
for (const c of concurrency) {
  const med = (/** @type {string} */ impl, /** @type {'invokesPerSecond' | 'cpuMsPer1k' | 'p99Ms'} */ field) => median((runs.get(`${c}|${impl}`) ?? []).map((r) => r[field]));
  const base = med('core', 'invokesPerSecond');
  const baseCpu = med('core', 'cpuMsPer1k');
  for (const impl of VARIANTS) {
    const rps = med(impl, 'invokesPerSecond');
    const cpu = med(impl, 'cpuMsPer1k');
    const target = /** @type {Record<string, number>} */ (TARGETS)[impl];
    const ratio = rps / base;
    const vsSdk = impl === 'core-otel-sdk' ? `${fmt(rps / med('core-sdk', 'invokesPerSecond'), 3)}x` : '';
    lines.push(
      `| ${c} | ${IMPLEMENTATIONS[impl]?.label ?? impl} | ${fmt(rps)} | ${fmt(ratio, 3)}x | ${target === undefined ? '' : `>= ${target}x`} | ${target === undefined ? '' : ratio >= target ? 'yes' : '**no**'} | ${vsSdk} | ${fmt(cpu)} | ${fmt(cpu / baseCpu, 2)}x | ${fmt(med(impl, 'p99Ms'), 2)} |`,
    );
  }
}
lines.push(
  '',
  `Telemetry off against telemetry on without an SDK, in one process: two clients taking turns every 1,000 invokes (${values['interleaved-turns']} turns each,`,
  'who goes first alternating), so that load from other work falls on both alike:',
  '',
  '| in flight | invokes/s off | invokes/s on, no SDK | on vs off | target | met | CPU µs / invoke off | on | on vs off |',
  '|---:|---:|---:|---:|---:|:---:|---:|---:|---:|',
);
for (const [c, { off, on }] of interleaved) {
  const ratio = on.invokesPerSecond / off.invokesPerSecond;
  lines.push(
    `| ${c} | ${fmt(off.invokesPerSecond)} | ${fmt(on.invokesPerSecond)} | ${fmt(ratio, 3)}x | >= 0.98x | ${ratio >= 0.98 ? 'yes' : '**no**'} | ${fmt(off.cpuUsPerInvoke, 1)} | ${fmt(on.cpuUsPerInvoke, 1)} | ${fmt(on.cpuUsPerInvoke / off.cpuUsPerInvoke, 3)}x |`,
  );
}
const markdown = lines.join('\n');
console.log(`\n${markdown}\n`);
if (values.write) {
  writeTelemetrySection(markdown);
  console.log('Wrote the section into BENCHMARKS.md.');
}
