/**
 * `pnpm bench:telemetry`: what `journeysTelemetry()` costs a JourneysClient. First, five variants,
 * each in a fresh process against the same invoke server, alternating within every round (the order
 * rotates each round) so that a machine shared with other work burdens them alike:
 *
 * - `core`: telemetry off (the baseline);
 * - `core-otel-api`: telemetry on, no OpenTelemetry SDK registered (the API's no-ops);
 * - `core-sdk`: telemetry off, the same SDK registered (and AsyncLocalStorage on, as an instrumented app has it);
 * - `core-sdk-floor`: telemetry off, the app making a span and a duration record per call itself (the floor);
 * - `core-otel-sdk`: telemetry on, a real SDK that records every span and metric and exports them
 *   to exporters that drop them.
 *
 * Then the variants taking turns in one process (telemetry-interleaved.mjs), which resolves a few
 * percent on a loaded machine: the targets are read there. Its turns are cut into rounds; each round
 * gives every variant's ratio to "off" (and, with an SDK, "on"'s ratio to the floor), the targets read
 * the median over rounds, and the spread of "off, a second client" over the rounds (an A/A control) says
 * which gaps the run can tell from noise. Prints every run and the tables; writes the target rows to
 * bench/results/targets-telemetry.json; with --write, puts the section in BENCHMARKS.md.
 * Flags: --rounds=3 (fresh-process rounds; 0 skips them) --invokes=20000 --warmup=1000 --max-seconds=2
 * --concurrency=1,64 --interleaved-turns=40 --interleaved-rounds=8 --base-telemetry=<path to another
 * build's dist/index.js, for before and after in one run> --modes=none,registered,sampled (the one-process runs) --write
 */
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
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
    rounds: { type: 'string', default: '3' },
    invokes: { type: 'string', default: '20000' },
    warmup: { type: 'string', default: '1000' },
    'max-seconds': { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '1,64' },
    write: { type: 'boolean', default: false },
    'interleaved-turns': { type: 'string', default: '40' },
    'interleaved-rounds': { type: 'string', default: '8' },
    'base-telemetry': { type: 'string' },
    modes: { type: 'string', default: 'none,registered,sampled' },
  },
});
const rounds = Number(values.rounds);
const concurrency = String(values.concurrency).split(',').map(Number);
const VARIANTS = ['core', 'core-otel-api', 'core-sdk', 'core-sdk-floor', 'core-otel-sdk'];
const turns = Number(values['interleaved-turns']);
const interleavedRounds = Math.max(1, Math.min(turns, Number(values['interleaved-rounds'])));
const baseTelemetry = values['base-telemetry'] === undefined ? undefined : resolve(values['base-telemetry']);
/** Invokes per turn: at 1 in flight a turn of 1,000 takes long enough that fewer do. */
const batchFor = (/** @type {number} */ c) => (c === 1 ? 500 : 1000);
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
const startedAt = performance.now();
const server = await startInvokeServer();
/** @type {Map<string, { invokesPerSecond: number, cpuMsPer1k: number, p99Ms: number }[]>} */
const runs = new Map();
/**
 * @typedef {{ cpuMs: number, wallMs: number, invokes: number }} Turn
 * @typedef {{ variants: Record<string, { invokesPerSecond: number, cpuUsPerInvoke: number }>, turns: Record<string, Turn[]>, sdkFloorUs?: number, noSdkCallNs?: number }} Interleaved
 */
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
  for (const mode of SDK_MODES.filter((m) => String(values.modes).split(',').includes(m))) {
    for (const c of concurrency) {
      const result = await runInterleaved({
        url: server.url,
        apiKey: 'bench-key',
        concurrency: c,
        turns,
        batch: batchFor(c),
        sdk: mode !== 'none',
        sampleRatio: mode === 'sampled' ? SAMPLE_RATIO : undefined,
        baseTelemetry: mode === 'sampled' ? undefined : baseTelemetry,
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

const loadAtEnd = load();
const minutes = (performance.now() - startedAt) / 60_000;

/**
 * One variant against a reference, round by round: the turns are cut into `interleavedRounds` rounds
 * of consecutive turns (each variant ran the same turns, in the same stretch of time as the others).
 * @param {Turn[]} of @param {Turn[]} ref
 * @returns {{ throughput: number[], cpu: number[] }} the ratio of each round, throughput and CPU per invoke
 */
function roundRatios(of, ref) {
  const size = Math.floor(of.length / interleavedRounds);
  /** @type {{ throughput: number[], cpu: number[] }} */
  const out = { throughput: [], cpu: [] };
  const sum = (/** @type {Turn[]} */ ts) =>
    ts.reduce((a, t) => ({ cpuMs: a.cpuMs + t.cpuMs, wallMs: a.wallMs + t.wallMs, invokes: a.invokes + t.invokes }), {
      cpuMs: 0,
      wallMs: 0,
      invokes: 0,
    });
  for (let r = 0; r < interleavedRounds; r++) {
    const a = sum(of.slice(r * size, (r + 1) * size));
    const b = sum(ref.slice(r * size, (r + 1) * size));
    out.throughput.push(a.invokes / a.wallMs / (b.invokes / b.wallMs));
    out.cpu.push(a.cpuMs / a.invokes / (b.cpuMs / b.invokes));
  }
  return out;
}
const spread = (/** @type {number[]} */ xs) => ({ min: Math.min(...xs), max: Math.max(...xs) });
const x = (/** @type {number} */ n) => `${fmt(n, 3)}x`;
const range = (/** @type {{ min: number, max: number }} */ r) => `${x(r.min)} to ${x(r.max)}`;

/** @typedef {{ target: string, limit: string, measured: string, met: boolean }} TargetRow */
/** @type {TargetRow[]} */
const targetRows = [];
/** @type {string[]} */
const verdicts = [];
/** Rows of the one-process table, and the A/A spread of each run. */
/** @type {string[]} */
const interleavedLines = [];
for (const [key, { variants: result, turns: turnsOf }] of interleaved) {
  const [mode, c] = /** @type {[string, string]} */ (key.split('|'));
  const off = /** @type {Turn[]} */ (turnsOf.off);
  const aa = roundRatios(/** @type {Turn[]} */ (turnsOf['off, a second client']), off);
  const aaThroughput = spread(aa.throughput);
  const aaCpu = spread(aa.cpu);
  const floorTurns = turnsOf['span + histogram'];
  const sameTurns = turnsOf['same span + histogram'];
  const modeLabel = mode === 'sampled' ? `registered, ${SAMPLE_RATIO * 100}% sampled` : mode;
  for (const [name, r] of Object.entries(result)) {
    const vsOff = roundRatios(/** @type {Turn[]} */ (turnsOf[name]), off);
    const vsFloor = floorTurns !== undefined && name.startsWith('on') ? roundRatios(/** @type {Turn[]} */ (turnsOf[name]), floorTurns) : undefined;
    const vsSame = sameTurns !== undefined && name.startsWith('on') ? roundRatios(/** @type {Turn[]} */ (turnsOf[name]), sameTurns) : undefined;
    const cell = (/** @type {number[] | undefined} */ ratios) => (ratios ? x(median(ratios)) : '');
    interleavedLines.push(
      `| ${modeLabel} | ${c} | ${name} | ${fmt(r.invokesPerSecond)} | ${x(median(vsOff.throughput))} | ${fmt(r.cpuUsPerInvoke, 1)} | ${x(median(vsOff.cpu))} | ${cell(vsFloor?.throughput)} | ${cell(vsFloor?.cpu)} | ${cell(vsSame?.throughput)} | ${cell(vsSame?.cpu)} |`,
    );
    /** A throughput row and a CPU row: `ratios` against `reference`, read as the median over rounds. */
    const targetPair = (
      /** @type {string} */ what,
      /** @type {string} */ reference,
      /** @type {{ throughput: number[], cpu: number[] }} */ ratios,
      /** @type {number} */ margin,
    ) => {
      const t = median(ratios.throughput);
      const cpu = median(ratios.cpu);
      targetRows.push(
        {
          target: `${what}, ${c} in flight: throughput vs ${reference}`,
          limit: `>= ${fmt(1 - margin, 2)}x`,
          measured: `${x(t)} (A/A ${range(aaThroughput)})`,
          met: t >= 1 - margin,
        },
        {
          target: `${what}, ${c} in flight: CPU per invoke vs ${reference}`,
          limit: `<= ${fmt(1 + margin, 2)}x`,
          measured: `${x(cpu)} (A/A ${range(aaCpu)})`,
          met: cpu <= 1 + margin,
        },
      );
    };
    if (mode === 'registered' && name === 'on' && vsFloor)
      targetPair('Telemetry with a real SDK', "the floor (the app's own span + histogram record)", vsFloor, 0.1);
    if (mode === 'none' && name === 'on') targetPair('Telemetry without an SDK', 'off', vsOff, 0.02);
    if (mode === 'none' && name === 'a telemetry that does nothing') {
      const t = median(vsOff.throughput);
      const cpu = median(vsOff.cpu);
      const within = t >= aaThroughput.min && t <= aaThroughput.max && cpu >= aaCpu.min && cpu <= aaCpu.max;
      targetRows.push({
        target: `Without an SDK, ${c} in flight: a do-nothing telemetry's gap to off is within the A/A spread (two identical clients, ${interleavedRounds} rounds)`,
        limit: 'within A/A',
        measured: `${x(t)} throughput (A/A ${range(aaThroughput)}), ${x(cpu)} CPU (A/A ${range(aaCpu)})`,
        met: within,
      });
    }
  }
  verdicts.push(
    `SDK ${modeLabel}, ${c} in flight: the second client landed ${range(aaThroughput)} of "off" in throughput and ${range(aaCpu)} in CPU per invoke over the ${interleavedRounds} rounds`,
  );
}

const lines = [
  '## Telemetry overhead (`pnpm bench:telemetry`)',
  '',
  `Generated on ${new Date().toISOString().slice(0, 10)}: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version};` +
    ` load average ${loadAtStart} at start, ${loadAtEnd} at the end (the machine is shared); the section took ${fmt(minutes, 1)} min. 200 B of data.`,
  '"SDK" is a real one: NodeTracerProvider (every span sampled and recorded, batch span processor) and a MeterProvider (periodic reader, 1 s),',
  'with exporters that drop what they get. The undici instrumentation is not on: its per-attempt spans are its cost, not ours.',
  'The floor is what an app pays when it makes one active span and one duration histogram record per call itself, around a client with',
  'telemetry off: the SDK\'s price for the least that "a span and a duration per call" can be, before any journeykit code.',
  ...(Math.max(Number(loadAtStart.split(' / ')[0]), os.loadavg()[0] ?? 0) > os.cpus().length
    ? [
        '',
        `**The load average was above the ${os.cpus().length} cores**: fresh-process throughput moves by 2x between runs of the same variant here; the CPU columns and the one-process comparison below are the figures to read.`,
      ]
    : []),
  '',
  '### Targets (issue 28), read from the one-process runs below',
  '',
  'Each ratio is the median over the rounds; "A/A" is how far a second client exactly like "off" landed from it, round by round (lowest to',
  'highest): a gap inside that band is one this run cannot tell from noise.',
  '',
  '| target | limit | measured | met |',
  '|---|---:|---:|:---:|',
  ...targetRows.map((r) => `| ${r.target} | ${r.limit} | ${r.measured} | ${r.met ? 'yes' : '**no**'} |`),
];
if (rounds > 0) {
  lines.push(
    '',
    `### Fresh processes (${rounds} rounds, the variants alternating in every round, order rotated; each run ${fmt(Number(values.warmup))} warm-up invokes, then ${fmt(Number(values.invokes))} invokes or ${values['max-seconds']} s; medians over rounds)`,
    '',
    '| in flight | variant | invokes/s | vs telemetry off | vs the floor | CPU µs / invoke | CPU vs off | CPU vs the floor | p99 ms |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const c of concurrency) {
    const med = (/** @type {string} */ impl, /** @type {'invokesPerSecond' | 'cpuMsPer1k' | 'p99Ms'} */ field) =>
      median((runs.get(`${c}|${impl}`) ?? []).map((r) => r[field]));
    for (const impl of VARIANTS) {
      const rps = med(impl, 'invokesPerSecond');
      const cpu = med(impl, 'cpuMsPer1k');
      const vsFloor = impl === 'core-otel-sdk';
      lines.push(
        `| ${c} | ${IMPLEMENTATIONS[impl]?.label ?? impl} | ${fmt(rps)} | ${x(rps / med('core', 'invokesPerSecond'))} | ${vsFloor ? x(rps / med('core-sdk-floor', 'invokesPerSecond')) : ''} | ${fmt(cpu, 1)} | ${x(cpu / med('core', 'cpuMsPer1k'))} | ${vsFloor ? x(cpu / med('core-sdk-floor', 'cpuMsPer1k')) : ''} | ${fmt(med(impl, 'p99Ms'), 2)} |`,
      );
    }
  }
}
lines.push(
  '',
  `### One process (${turns} turns per variant, ${fmt(batchFor(1))} invokes a turn at 1 in flight and ${fmt(batchFor(64))} at 64, the order shuffled every turn; ${interleavedRounds} rounds of ${Math.floor(turns / interleavedRounds)} turns)`,
  '',
  'The variants take turns in one process, so that load from other work falls on all alike. The ratios are medians over the rounds of',
  'each round\'s ratio. "off, a second client" is a second client exactly like "off" (an A/A control): its spread over the rounds is what',
  'the run can resolve. Without an SDK, "a telemetry that does nothing" is a client whose telemetry only runs the call: core\'s side of the',
  'seam alone, with no OpenTelemetry code. With an SDK (global, so the whole process has it): a bare span per call made by the app around a',
  'client without telemetry, "span + histogram" (the floor), "same span + histogram" (the floor with the span journeykit makes: its name,',
  'its 5 start attributes and 4 end attributes), telemetry on, and telemetry with metrics off. Last, the SDK sampling',
  `${SAMPLE_RATIO * 100}% of traces at the root (\`ParentBased(TraceIdRatioBased(${SAMPLE_RATIO}))\`, as production often runs): the other calls get a span that records nothing,`,
  'and the duration histogram is still recorded for every call.',
  ...(baseTelemetry === undefined ? [] : ['"on, base build" is the same telemetry built from another checkout (before and after, side by side).']),
  '',
  '| SDK | in flight | variant | invokes/s | vs off | CPU µs / invoke | CPU vs off | vs the floor | CPU vs the floor | vs the same span | CPU vs the same span |',
  '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...interleavedLines,
  '',
  `The A/A control: ${verdicts.join('; ')}.`,
);
/** @type {string[]} */
const floors = [];
/** @type {string[]} */
const noSdkCosts = [];
for (const [key, { variants: result, sdkFloorUs, noSdkCallNs }] of interleaved) {
  const [, c] = key.split('|');
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
const targetsFile = new URL('../results/targets-telemetry.json', import.meta.url);
mkdirSync(new URL('.', targetsFile), { recursive: true });
writeFileSync(
  targetsFile,
  `${JSON.stringify({ section: 'telemetry', node: process.version, loadStart: loadAtStart, loadEnd: loadAtEnd, rows: targetRows }, null, 2)}\n`,
);
console.log(`Wrote ${fileURLToPath(targetsFile)}.`);
if (values.write) {
  writeTelemetrySection(markdown);
  console.log('Wrote the section into BENCHMARKS.md.');
}
