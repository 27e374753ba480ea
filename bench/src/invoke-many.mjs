/**
 * `pnpm bench:many`: bulk invocation. Compares `client.invokeMany` with two hand-written
 * `Promise.all` loops at the same concurrency (throughput, CPU, peak RSS; median of rounds, drivers
 * alternating, each run in a fresh process), then starts 1,000,000 generated items through
 * `invokeMany` and prints heap and RSS samples to show that memory stays flat.
 *
 * Flags: --items=50000 --concurrency=64 --rounds=3 --million=1000000 (0 skips it) --sample-every=100000
 * A run with the defaults (or --write) saves its report as the "Bulk: invokeMany" section of BENCHMARKS.md.
 * A script that prints numbers, not a test.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { startInvokeServer } from './child-processes.mjs';
import { writeSectionTargets } from './section-targets.mjs';
import { describeMachine } from './machine.mjs';
import { writeBulkSection } from './invoke-many-section.mjs';
import { median } from './stats.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? 'true'];
  }),
);
const ITEMS = Number(args.items ?? 50_000);
const CONCURRENCY = Number(args.concurrency ?? 64);
const ROUNDS = Number(args.rounds ?? 3);
const MILLION = Number(args.million ?? 1_000_000);
const SAMPLE_EVERY = Number(args['sample-every'] ?? 100_000);
const DRIVERS = ['invokeMany', 'promise-all-pool', 'promise-all-chunks'];

/** @returns {Promise<any>} */
function measure(/** @type {object} */ config) {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./invoke-many-child.mjs', import.meta.url)), [JSON.stringify(config)], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    /** @type {any} */
    let report;
    child.on('message', (msg) => (report = msg));
    child.once('exit', (code) => (report?.type === 'result' ? resolve(report) : reject(new Error(`bulk child ended without a result (${code})`))));
  });
}

/** @type {string[]} */
const report = [];
const print = (/** @type {string} */ text) => {
  report.push(text);
  console.log(text);
};
const FULL = ['items', 'concurrency', 'rounds', 'million', 'sample-every'].every((k) => args[k] === undefined);
const fmt = (/** @type {number} */ n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const machine = describeMachine();
print(`Machine: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, load ${machine.loadAverageAtStart.join(' / ')}`);
print(
  `${fmt(ITEMS)} items per run, ${CONCURRENCY} in flight, ${ROUNDS} rounds (drivers alternating), median of rounds; each run in a fresh process, ` +
    'the local invoke server in its own process. `invokeMany` is `client.invokeMany(generator, { concurrency })`; ' +
    '`promise-all-pool` is the hand-written loop (64 async workers sharing the generator, `await Promise.all(workers)`); ' +
    '`promise-all-chunks` takes 64 items, awaits `Promise.allSettled` on them, repeats. On a shared machine items/s drifts ' +
    'with the load; CPU per 1k items is the figure to compare.\n',
);

const server = await startInvokeServer();
try {
  /** @type {Record<string, any[]>} */
  const runs = Object.fromEntries(DRIVERS.map((d) => [d, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const driver of round % 2 === 0 ? DRIVERS : [...DRIVERS].reverse()) {
      runs[driver]?.push(await measure({ driver, url: server.url, items: ITEMS, concurrency: CONCURRENCY, sampleEvery: 0 }));
    }
  }
  const base = median((runs.invokeMany ?? []).map((r) => r.perSecond));
  print('| driver | items/s | vs invokeMany | CPU ms / 1k items | peak RSS MB | failed |');
  print('|---|---:|---:|---:|---:|---:|');
  for (const driver of DRIVERS) {
    const rs = runs[driver] ?? [];
    const perSecond = median(rs.map((r) => r.perSecond));
    print(
      `| ${driver} | ${fmt(perSecond)} | ${fmt(perSecond / base, 2)}x | ${fmt(median(rs.map((r) => r.cpuMsPer1k)))} | ${fmt(median(rs.map((r) => r.peakRssMb)))} | ${Math.max(...rs.map((r) => r.failed))} |`,
    );
  }

  // Issue 28, target 5: invokeMany's CPU per item at most 1.05x the hand-written worker pool's.
  const cpuOf = (/** @type {string} */ driver) => median((runs[driver] ?? []).map((r) => r.cpuMsPer1k));
  const cpuRatio = cpuOf('invokeMany') / cpuOf('promise-all-pool');
  writeSectionTargets('invoke-many', {
    loadStart: machine.loadAverageAtStart[0] ?? Number.NaN,
    loadEnd: os.loadavg()[0] ?? Number.NaN,
    rows: [
      {
        target: `28.5: invokeMany CPU per item vs the hand-written worker pool (${CONCURRENCY} in flight)`,
        limit: '<= 1.05x',
        measured: `${fmt(cpuRatio, 3)}x`,
        met: cpuRatio <= 1.05,
      },
    ],
  });

  if (MILLION > 0) {
    print(
      `\n### ${fmt(MILLION)} generated items through invokeMany (${CONCURRENCY} in flight); memory after a full GC every ${fmt(SAMPLE_EVERY)} items\n`,
    );
    const before = /** @type {{ requests: number }} */ (await server.stats()).requests;
    const big = await measure({ driver: 'invokeMany', url: server.url, items: MILLION, concurrency: CONCURRENCY, sampleEvery: SAMPLE_EVERY });
    const reached = /** @type {{ requests: number }} */ (await server.stats()).requests - before;
    print('| items done | heap used MB | RSS MB |');
    print('|---:|---:|---:|');
    for (const s of big.samples) print(`| ${fmt(s.done)} | ${fmt(s.heapMb, 1)} | ${fmt(s.rssMb, 1)} |`);
    const heaps = big.samples.map((/** @type {any} */ s) => s.heapMb);
    print(
      `\n${fmt(big.done)} items in ${fmt(big.done / big.perSecond, 1)} s (${fmt(big.perSecond)}/s), ${big.failed} failed, ` +
        `peak RSS ${fmt(big.peakRssMb)} MB; heap after GC ranged ${fmt(Math.min(...heaps), 1)}-${fmt(Math.max(...heaps), 1)} MB; ` +
        `the server saw ${fmt(reached)} requests (${fmt(MILLION)} + 2,000 warm-up expected)`,
    );
  }
  if (FULL || args.write !== undefined) {
    writeBulkSection(`Generated by \`pnpm bench:many\` on ${new Date().toISOString().slice(0, 10)}.\n\n${report.join('\n')}`);
    console.log('\nWrote the "Bulk: invokeMany" section of BENCHMARKS.md and bench/results/invoke-many.md');
  }
} finally {
  await server.stop();
}
