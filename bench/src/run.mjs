/**
 * `pnpm bench`: starts the invoke server, runs every (round, data size, in flight,
 * implementation) measurement in a fresh child process, measures cold starts, and writes
 * BENCHMARKS.md + results/latest.json (full run) or results/partial.{md,json} (reduced run).
 * With --profile it CPU-profiles the hot path instead (see profile.mjs).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readBulkSection } from './invoke-many-section.mjs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { runClientChild, startInvokeServer } from './child-processes.mjs';
import { measureColdStart } from './cold-start.mjs';
import { parseOptions, USAGE } from './cli-options.mjs';
import { describeMachine } from './machine.mjs';
import { buildRequest, DATA_SIZES } from './payloads.mjs';
import { checkTargets, renderMarkdown, withMedian } from './report.mjs';
import { runProfile } from './profile.mjs';
import { TELEMETRY_IMPLEMENTATIONS } from './implementations.mjs';
import { buildPulledCatalog } from './pulled-catalog.mjs';
import { readTelemetrySection } from './telemetry-section.mjs';

const API_KEY = 'bench-key';
const RESULTS_DIR = new URL('../results/', import.meta.url);
const ROOT_BENCHMARKS = new URL('../../BENCHMARKS.md', import.meta.url);

/** The section `pnpm bench:outbox` wrote into BENCHMARKS.md, if any (with a blank line before it). */
function keptOutboxSection() {
  try {
    const match = /<!-- outbox-bench -->[\s\S]*<!-- \/outbox-bench -->/.exec(readFileSync(ROOT_BENCHMARKS, 'utf8'));
    return match ? `\n${match[0]}\n` : '';
  } catch {
    return '';
  }
}

/**
 * The time budget, stated before anything runs: with --max-seconds every run has a ceiling
 * (measured phase + a third of it for warm-up + about 0.8 s to start and stop a process and let
 * the invokes in flight at the cap finish).
 */
function budgetLine(/** @type {import('./cli-options.mjs').BenchOptions} */ options, /** @type {number} */ runs) {
  if (options.maxSeconds === 0) return 'no time cap (--max-seconds=0)';
  const perRun = options.maxSeconds * (4 / 3) + 0.8;
  const coldStart = options.importRuns * (3 + 3 * options.implementations.length) * 0.35;
  return `each run at most ~${perRun.toFixed(1)} s, whole run at most ~${Math.ceil((runs * perRun + coldStart) / 60)} min`;
}

const pad = (/** @type {unknown} */ s, /** @type {number} */ n) => String(s).padEnd(n);
const num = (/** @type {number} */ n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

async function runMatrix(/** @type {import('./cli-options.mjs').BenchOptions} */ options, /** @type {string[]} */ argv) {
  const startedAt = performance.now();
  const machine = describeMachine();
  const server = await startInvokeServer();
  try {
    const { implementations, concurrency, sizes, rounds } = options;
    const total = rounds * sizes.length * concurrency.length * implementations.length;
    console.log(
      `journeykit bench: ${total} runs (${implementations.join(', ')}; in flight ${concurrency.join('/')}; data ${sizes.join('/')}; ${rounds} rounds)` +
        `, cold start ${options.importRuns} processes per probe; ${budgetLine(options, total)}`,
    );
    console.log(
      `${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, load average ${machine.loadAverageAtStart.join(' / ')}; server ${server.url}\n`,
    );

    /** @type {Map<string, import('./report.mjs').Cell>} */
    const cells = new Map();
    let done = 0;
    let seen = (await server.stats()).requests;
    for (let round = 1; round <= rounds; round++) {
      for (const size of sizes) {
        for (const c of concurrency) {
          // Rotate who goes first each round, so no implementation always inherits a warm (or busy) machine.
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
            const result = /** @type {any} */ (await runClientChild(config, { timeoutMs }));
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
            /** @type {import('./report.mjs').Cell} */
            const cell = cells.get(key) ?? { implementation: impl, concurrency: c, size, runs: [] };
            cell.runs.push({ round, ...metrics, serverRequests, wallSeconds });
            cells.set(key, cell);
            done++;
            console.log(
              `[${String(done).padStart(String(total).length)}/${total}] round ${round} ${pad(size, 5)} in flight ${pad(c, 3)} ${pad(impl, 7)}` +
                ` ${num(result.invokesPerSecond).padStart(7)}/s  p50 ${num(result.p50Ms, 2)} ms  p99 ${num(result.p99Ms, 2)} ms` +
                `  cpu ${num(result.cpuMsPer1k)} ms/1k  rss ${num(result.peakRssMb)} MB  (${num(result.invokes)} invokes, ${num(wallSeconds, 1)} s)`,
            );
          }
        }
      }
    }

    const coldStart =
      options.importRuns > 0
        ? // The telemetry variants load the same client: their start-up is core's plus the API's, measured by nobody here.
          measureColdStart({
            implementations: implementations.filter((id) => !(id in TELEMETRY_IMPLEMENTATIONS)),
            runs: options.importRuns,
            url: server.url,
          })
        : undefined;
    const summarised = [...cells.values()].map(withMedian);
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
      },
      bodyBytes: Object.fromEntries(
        sizes.map((s) => [s, JSON.stringify(buildRequest(DATA_SIZES[/** @type {keyof typeof DATA_SIZES} */ (s)])).length]),
      ),
      targets: checkTargets(summarised, coldStart),
      cells: summarised,
      coldStart,
    };
    const markdown = renderMarkdown(results);
    mkdirSync(RESULTS_DIR, { recursive: true });
    const [jsonFile, mdFile] =
      options.full || options.write
        ? [new URL('latest.json', RESULTS_DIR), ROOT_BENCHMARKS]
        : [new URL('partial.json', RESULTS_DIR), new URL('partial.md', RESULTS_DIR)];
    writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
    // BENCHMARKS.md also carries the sections that `pnpm bench:outbox` and `pnpm bench:many` wrote.
    const kept = mdFile === ROOT_BENCHMARKS ? keptOutboxSection() : '';
    const bulk = mdFile === ROOT_BENCHMARKS ? readBulkSection() : '';
    const telemetry = mdFile === ROOT_BENCHMARKS ? readTelemetrySection() : '';
    writeFileSync(mdFile, `${markdown}\n${kept}${bulk}${telemetry}`);
    console.log(`\n${markdown}`);
    console.log(`Wrote ${fileURLToPath(mdFile)} and ${fileURLToPath(jsonFile)} in ${num(results.durationSeconds)} s.`);
  } finally {
    await server.stop();
  }
}

async function main() {
  const argv = process.argv.slice(2).filter((a) => a !== '--');
  const options = parseOptions(argv);
  if (options.help) {
    console.log(USAGE);
    return;
  }
  // The pulled-catalog row runs a transpiled module: made once here, not in each measuring child.
  if (options.implementations.includes('core-pulled')) await buildPulledCatalog();
  if (options.profile) await runProfile(options);
  else await runMatrix(options, argv);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
