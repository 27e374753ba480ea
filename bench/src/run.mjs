/**
 * `pnpm bench`: every section in one sitting, on one Node, and the Targets table of issues 7, 28
 * and 29 printed at the end (and written at the top of BENCHMARKS.md by a full run).
 *
 * Sections: the invoke matrix (JourneysClient, the SDK, raw undici; 200B / 10KB / 100KB), cold start,
 * the fetch transport on Node and on Bun, invokeMany (invoke-many.mjs), telemetry
 * (telemetry-overhead.mjs) and the outbox (outbox-bench.mjs, which starts PostgreSQL as the tests do
 * when JOURNEYKIT_TEST_DATABASE_URL is unset). The last three run as their own scripts in child
 * processes and report their targets in results/targets-<section>.json. Every section notes the load
 * average at its start and end; one that started above 1.5 runs again (up to --reruns) and keeps its
 * quietest attempt. A full run writes BENCHMARKS.md + results/latest.json; a reduced one writes
 * results/partial.{md,json} and leaves BENCHMARKS.md as it was. With --profile it CPU-profiles the hot
 * path instead (see profile.mjs).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { runClientChild, startInvokeServer } from './child-processes.mjs';
import { measureColdStart } from './cold-start.mjs';
import { parseOptions, USAGE } from './cli-options.mjs';
import { readBulkSection } from './invoke-many-section.mjs';
import { describeMachine } from './machine.mjs';
import { bunBinary, nodeRunsEverySection, reexecUnder, startedOnNode } from './node-runtime.mjs';
import { buildRequest, DATA_SIZES } from './payloads.mjs';
import { coldStartTargets, fetchTargets, matrixTargets, renderMarkdown, renderTargets, withMedian } from './report.mjs';
import { runProfile } from './profile.mjs';
import { buildPulledCatalog } from './pulled-catalog.mjs';
import { readSectionTargets } from './section-targets.mjs';
import { readTelemetrySection } from './telemetry-section.mjs';

const API_KEY = 'bench-key';
const RESULTS_DIR = new URL('../results/', import.meta.url);
const ROOT_BENCHMARKS = new URL('../../BENCHMARKS.md', import.meta.url);
/** Files the section scripts write on their own; a reduced run puts them back as they were. */
const FILES_OF_RECORD = [ROOT_BENCHMARKS, new URL('outbox.md', RESULTS_DIR), new URL('invoke-many.md', RESULTS_DIR)];
const QUIET_LOAD = 1.5;

/** @typedef {import('./cli-options.mjs').BenchOptions} BenchOptions */
/** @typedef {import('./section-targets.mjs').TargetRow} TargetRow */
/** @typedef {{ rows: TargetRow[], data?: any, node?: string }} SectionOutcome */
/** @typedef {{ name: string, estimateSeconds: number, run: () => Promise<SectionOutcome> }} Section */

const pad = (/** @type {unknown} */ s, /** @type {number} */ n) => String(s).padEnd(n);
const num = (/** @type {number} */ n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
const load1 = () => Math.round((os.loadavg()[0] ?? 0) * 100) / 100;

/** The section `pnpm bench:outbox` wrote into BENCHMARKS.md, if any (with a blank line before it). */
function keptOutboxSection() {
  try {
    const match = /<!-- outbox-bench -->[\s\S]*<!-- \/outbox-bench -->/.exec(readFileSync(ROOT_BENCHMARKS, 'utf8'));
    return match ? `\n${match[0]}\n` : '';
  } catch {
    return '';
  }
}

/** Ceiling of one fresh-process run: measured phase + a third of it for warm-up + ~0.8 s to start, stop and drain. */
const perRunSeconds = (/** @type {BenchOptions} */ o) => (o.maxSeconds === 0 ? 10 : o.maxSeconds * (4 / 3) + 0.8);

/**
 * Runs every (round, data size, in flight, implementation) cell in a fresh child process against one
 * invoke server, implementations alternating (the order rotates each round).
 * @param {BenchOptions} options
 * @param {{ implementations: readonly string[], concurrency: number[], sizes: string[], label: string,
 *   run?: (config: object, how: { timeoutMs: number }) => Promise<any> }} plan
 */
async function runCells(options, plan) {
  const { implementations, concurrency, sizes, label, run = runClientChild } = plan;
  const server = await startInvokeServer();
  try {
    const total = options.rounds * sizes.length * concurrency.length * implementations.length;
    /** @type {Map<string, import('./report.mjs').Cell>} */
    const cells = new Map();
    let done = 0;
    let seen = (await server.stats()).requests;
    for (let round = 1; round <= options.rounds; round++) {
      for (const size of sizes) {
        for (const c of concurrency) {
          const order = implementations.map((_, i) => /** @type {string} */ (implementations[(i + round - 1) % implementations.length]));
          for (const impl of order) {
            const config = {
              impl,
              url: server.url,
              apiKey: API_KEY,
              concurrency: c,
              dataBytes: DATA_SIZES[/** @type {keyof typeof DATA_SIZES} */ (size)],
              warmup: options.warmup,
              invokes: options.invokes,
              maxSeconds: options.maxSeconds,
            };
            const timeoutMs = options.maxSeconds > 0 ? (options.maxSeconds * 2 + 60) * 1000 : 15 * 60 * 1000;
            const runStarted = performance.now();
            const result = /** @type {any} */ (await run(config, { timeoutMs }));
            const wallSeconds = (performance.now() - runStarted) / 1000;
            // Every invoke must reach the server exactly once: a silent retry would flatter nobody.
            const requests = (await server.stats()).requests;
            const serverRequests = requests - seen;
            seen = requests;
            if (serverRequests !== result.warmupInvokes + result.invokes) {
              console.warn(`  ! the server saw ${serverRequests} requests for ${result.warmupInvokes + result.invokes} invokes`);
            }
            const { type, ...metrics } = result;
            const key = `${impl}|${c}|${size}`;
            const cell = cells.get(key) ?? { implementation: impl, concurrency: c, size, runs: [] };
            cell.runs.push({ round, ...metrics, serverRequests, wallSeconds });
            cells.set(key, cell);
            done++;
            console.log(
              `[${label} ${String(done).padStart(String(total).length)}/${total}] round ${round} ${pad(size, 5)} in flight ${pad(c, 3)} ${pad(impl, 10)}` +
                ` ${num(result.invokesPerSecond).padStart(7)}/s  p50 ${num(result.p50Ms, 2)} ms  p99 ${num(result.p99Ms, 2)} ms` +
                `  cpu ${num(result.cpuMsPer1k)} ms/1k  rss ${num(result.peakRssMb)} MB  (${num(result.invokes)} invokes, ${num(wallSeconds, 1)} s)`,
            );
          }
        }
      }
    }
    return [...cells.values()].map(withMedian);
  } finally {
    await server.stop();
  }
}

/**
 * Runs interleaved.mjs under `binary` (this Node, or Bun) and returns its JSON report.
 * @param {string} binary @param {string[]} args
 * @returns {Promise<{ loadStart: string, loadEnd: string, turns: number, batch: number, rows: import('./report.mjs').InterleavedRow[] }>}
 */
function runInterleaved(binary, args) {
  return new Promise((resolve, reject) => {
    let out = '';
    const child = spawn(binary, [fileURLToPath(new URL('./interleaved.mjs', import.meta.url)), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk) => (out += chunk));
    child.once('exit', (code) => {
      try {
        const report = JSON.parse(out.trim().split('\n').pop() ?? '');
        for (const r of report.rows)
          console.log(
            `  ${r.runtime} ${r.size} in flight ${String(r.concurrency).padEnd(3)} ${r.implementation.padEnd(10)} ${num(r.invokesPerSecond).padStart(7)}/s (${r.vsLast.toFixed(3)}x)  CPU ${r.cpuUsPerInvoke.toFixed(1)} µs/invoke (${r.cpuVsLast.toFixed(3)}x)`,
          );
        resolve(report);
      } catch {
        reject(new Error(`interleaved.mjs under ${binary} ended without a report (code ${code}): ${out.slice(-300)}`));
      }
    });
  });
}

/**
 * Runs a section script (`node src/<script> ...args`) on this Node, output passed through.
 * @param {string} script @param {string[]} args
 * @returns {Promise<number>} exit code
 */
function runScript(script, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [fileURLToPath(new URL(`./${script}`, import.meta.url)), ...args], { stdio: 'inherit' });
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

/** What went wrong in sections of this run: the run still writes what it has, then exits 1. */
const sectionFailures = /** @type {string[]} */ ([]);
function sectionFailed(/** @type {string} */ what) {
  console.warn(`  ! ${what}`);
  sectionFailures.push(what);
}

/**
 * A section that runs as its own script and reports its targets in results/targets-<name>.json.
 * @param {string} name @param {string} script @param {string[]} args @param {number} estimateSeconds
 * @returns {Section}
 */
function scriptSection(name, script, args, estimateSeconds) {
  return {
    name,
    estimateSeconds,
    async run() {
      const since = Date.now();
      const code = await runScript(script, args);
      const reported = readSectionTargets(name, since);
      if (code !== 0) sectionFailed(`${script} exited with code ${code}`);
      if (reported === undefined) sectionFailed(`${script} wrote no results/targets-${name}.json in this run`);
      return { rows: reported?.rows ?? [], node: reported?.node };
    },
  };
}

/** @param {BenchOptions} options @returns {Section[]} */
function plannedSections(options) {
  const perRun = perRunSeconds(options);
  // The fetch rows take turns in one process (interleaved.mjs): a few percent is what they must resolve.
  const turns = options.quick ? 6 : 30;
  const fetchArgs = ['--only=core-fetch,fetch', '--concurrency=1,64', '--size=200B', `--turns=${turns}`, '--batch=1000', '--json'];
  const fetchSeconds = turns * 2 * 2 * 0.5 + 5;
  const { implementations, concurrency, sizes } = options;
  /** @type {Record<string, Section>} */
  const all = {
    matrix: {
      name: 'matrix',
      estimateSeconds: options.rounds * implementations.length * concurrency.length * sizes.length * perRun,
      async run() {
        const cells = await runCells(options, { implementations, concurrency, sizes, label: 'matrix' });
        return { rows: matrixTargets(cells), data: { cells } };
      },
    },
    'cold-start': {
      name: 'cold-start',
      estimateSeconds: options.importRuns * 15 * 0.35,
      async run() {
        if (options.importRuns === 0) return { rows: [] };
        const server = await startInvokeServer();
        try {
          const cold = measureColdStart({
            // The telemetry variants load the same client: their start-up is core's plus the API's, measured by nobody here.
            implementations: ['core', 'courier', 'undici'],
            runs: options.importRuns,
            url: server.url,
          });
          return { rows: coldStartTargets(cold), data: cold };
        } finally {
          await server.stop();
        }
      },
    },
    'fetch-node': {
      name: 'fetch-node',
      estimateSeconds: fetchSeconds,
      async run() {
        const data = await runInterleaved(process.execPath, fetchArgs);
        return { rows: fetchTargets(data.rows), data };
      },
    },
    'fetch-bun': {
      name: 'fetch-bun',
      estimateSeconds: fetchSeconds,
      async run() {
        const { binary, reason } = bunBinary();
        if (binary === undefined) {
          sectionFailed(`no Bun: ${reason}`);
          return { rows: [] };
        }
        const data = await runInterleaved(binary, fetchArgs);
        return { rows: fetchTargets(data.rows), data, node: data.rows[0]?.runtime };
      },
    },
    'invoke-many': scriptSection(
      'invoke-many',
      'invoke-many.mjs',
      options.quick ? ['--items=5000', '--rounds=1', '--million=0'] : [],
      options.quick ? 30 : 240,
    ),
    telemetry: scriptSection(
      'telemetry',
      'telemetry-overhead.mjs',
      options.quick ? ['--rounds=1', '--invokes=2000', '--warmup=200', '--max-seconds=1', '--interleaved-turns=4'] : ['--write'],
      options.quick ? 60 : 360,
    ),
    outbox: scriptSection('outbox', 'outbox-bench.mjs', options.quick ? ['--transactions=200', '--deliveries=500'] : [], options.quick ? 45 : 150),
  };
  return options.sections.flatMap((name) => {
    if (name === 'outbox' && !nodeRunsEverySection()) {
      console.warn(`  ! skipping the outbox section: it needs Node 22.12+ (this is ${process.version}; drop --node=current)`);
      return [];
    }
    return all[name] ? [/** @type {Section} */ (all[name])] : [];
  });
}

/**
 * Waits until the 1-minute load average is down to QUIET_LOAD, or `maxSeconds` passed: on 2 cores the
 * last section's own client and server keep it near 2, which is not other work on the machine.
 * @param {number} maxSeconds
 */
async function settle(maxSeconds) {
  const started = performance.now();
  while (load1() > QUIET_LOAD && performance.now() - started < maxSeconds * 1000) await new Promise((r) => setTimeout(r, 5_000));
  const waited = (performance.now() - started) / 1000;
  if (waited >= 1) console.log(`   (waited ${num(waited)} s for the load to settle: ${load1()})`);
}

/**
 * Runs a section; reruns it while its start load was above 1.5 (at most `reruns` times) and keeps the
 * quietest attempt.
 * @param {Section} section @param {number} reruns @param {number} [settleSeconds]
 */
async function runWithLoadCheck(section, reruns, settleSeconds = 0) {
  /** @type {(SectionOutcome & { name: string, loadStart: number, loadEnd: number, seconds: number, attempts: number, written: { file: URL, text: string | undefined }[] }) | undefined} */
  let best;
  let ran = 0;
  for (let attempt = 1; attempt <= 1 + reruns; attempt++) {
    ran = attempt;
    await settle(settleSeconds);
    const loadStart = load1();
    console.log(
      `\n== ${section.name}${attempt > 1 ? ` (attempt ${attempt}: the quietest so far started at load ${best?.loadStart})` : ''}: load ${loadStart} at start ==`,
    );
    const started = performance.now();
    const outcome = await section.run();
    const result = {
      ...outcome,
      name: section.name,
      loadStart,
      loadEnd: load1(),
      seconds: (performance.now() - started) / 1000,
      attempts: attempt,
      // A section script wrote its part of BENCHMARKS.md: the kept attempt's part is put back at the end.
      written: FILES_OF_RECORD.map((file) => ({ file, text: existsSync(file) ? readFileSync(file, 'utf8') : undefined })),
    };
    console.log(`== ${section.name}: load ${result.loadStart} -> ${result.loadEnd}, ${num(result.seconds)} s ==`);
    if (best === undefined || result.loadStart < best.loadStart) best = result;
    if (loadStart <= QUIET_LOAD) break;
  }
  const kept = /** @type {NonNullable<typeof best>} */ (best);
  if (kept.attempts !== ran) for (const { file, text } of kept.written) if (text !== undefined) writeFileSync(file, text);
  return kept;
}

/** @param {BenchOptions} options @param {string[]} argv */
async function runAll(options, argv) {
  const startedAt = performance.now();
  const machine = describeMachine();
  const sections = plannedSections(options);
  const estimate = sections.reduce((sum, s) => sum + s.estimateSeconds, 0);
  console.log(
    `journeykit bench: ${sections.map((s) => `${s.name} ~${Math.ceil(s.estimateSeconds / 60)} min`).join(', ')};` +
      ` about ${Math.ceil(estimate / 60)} min in all without reruns (up to ${options.reruns} per section started above load ${QUIET_LOAD}).`,
  );
  console.log(
    `${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}${startedOnNode() ? ` (started on ${startedOnNode()})` : ''}, load average ${machine.loadAverageAtStart.join(' / ')}`,
  );
  const record = options.full || options.write;
  // The section scripts write their own parts of BENCHMARKS.md; a reduced run must leave them as they were.
  const saved = record ? [] : FILES_OF_RECORD.map((file) => ({ file, text: existsSync(file) ? readFileSync(file, 'utf8') : undefined }));
  /** @type {Awaited<ReturnType<typeof runWithLoadCheck>>[]} */
  const done = [];
  try {
    for (const section of sections) done.push(await runWithLoadCheck(section, options.reruns, options.settleSeconds));
  } finally {
    for (const { file, text } of saved) if (text !== undefined) writeFileSync(file, text);
  }

  const byName = (/** @type {string} */ name) => done.find((s) => s.name === name);
  const fetchNode = byName('fetch-node')?.data;
  const fetchBun = byName('fetch-bun')?.data;
  const results = {
    generatedAt: new Date().toISOString(),
    durationSeconds: (performance.now() - startedAt) / 1000,
    preset: options.full ? 'full' : options.quick ? 'quick' : 'custom',
    argv,
    machine: { ...machine, loadAverageAtEnd: os.loadavg().map((n) => Math.round(n * 100) / 100) },
    options: {
      implementations: options.implementations,
      concurrency: options.concurrency,
      sizes: options.sizes,
      rounds: options.rounds,
      invokes: options.invokes,
      warmup: options.warmup,
      maxSeconds: options.maxSeconds,
      importRuns: options.importRuns,
      sections: options.sections,
    },
    bodyBytes: Object.fromEntries(Object.entries(DATA_SIZES).map(([s, bytes]) => [s, JSON.stringify(buildRequest(bytes)).length])),
    sections: done.map(({ data, rows, written, ...rest }) => rest),
    targets: done.map((s) => ({ section: s.name, rows: s.rows })),
    matrix: byName('matrix')?.data,
    coldStart: byName('cold-start')?.data,
    fetch: [fetchNode, fetchBun].filter((data) => data !== undefined),
    bun: fetchBun?.rows[0]?.runtime,
  };
  const markdown = renderMarkdown(results);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const [jsonFile, mdFile] = record
    ? [new URL('latest.json', RESULTS_DIR), ROOT_BENCHMARKS]
    : [new URL('partial.json', RESULTS_DIR), new URL('partial.md', RESULTS_DIR)];
  writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
  // The invokeMany, telemetry and outbox scripts wrote their sections into BENCHMARKS.md: keep them after ours.
  const kept = mdFile === ROOT_BENCHMARKS ? `${keptOutboxSection()}${readBulkSection()}${readTelemetrySection()}` : '';
  writeFileSync(mdFile, `${markdown}\n${kept}`);
  console.log(`\nTargets (${results.preset} run, Node ${process.version}, ${num(results.durationSeconds / 60, 1)} min):\n`);
  console.log(renderTargets(results.targets));
  if (sectionFailures.length > 0) {
    console.error(`\n${sectionFailures.length} section problem(s), so this run fails:\n${sectionFailures.map((f) => `  - ${f}`).join('\n')}`);
    process.exitCode = 1;
  }
  console.log(`\nWrote ${fileURLToPath(mdFile)} and ${fileURLToPath(jsonFile)}.`);
}

async function main() {
  const argv = process.argv.slice(2).filter((a) => a !== '--');
  const options = parseOptions(argv);
  if (options.help) {
    console.log(USAGE);
    return;
  }
  // Every run, reduced or full, on the same Node as the outbox needs, so a quick run reads like the full one.
  if (!options.profile && options.node !== 'current') {
    const code = reexecUnder(options.node, argv);
    if (code !== undefined) {
      process.exitCode = code;
      return;
    }
  }
  // The pulled-catalog row runs a transpiled module: made once here, not in each measuring child.
  if (options.implementations.includes('core-pulled')) await buildPulledCatalog();
  if (options.profile) await runProfile(options);
  else await runAll(options, argv);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
