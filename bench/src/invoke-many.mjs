/**
 * `pnpm bench:many`: bulk invocation. Compares `client.invokeMany` with two hand-written
 * `Promise.all` loops at the same concurrency (throughput, CPU, peak RSS; median of rounds, drivers
 * alternating, each run in a fresh process), then starts 1,000,000 generated items through
 * `invokeMany` and prints heap and RSS samples to show that memory stays flat.
 *
 * Flags: --items=50000 --concurrency=64 --rounds=3 --million=1000000 (0 skips it) --sample-every=100000
 * A script that prints numbers, not a test.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startInvokeServer } from './child-processes.mjs';
import { describeMachine } from './machine.mjs';
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

const fmt = (/** @type {number} */ n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const machine = describeMachine();
console.log(`# invokeMany benchmark: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, load ${machine.loadAverageAtStart.join(' / ')}`);
console.log(`${fmt(ITEMS)} items per run, ${CONCURRENCY} in flight, ${ROUNDS} rounds (drivers alternating), median of rounds; local invoke server in its own process\n`);

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
  console.log('| driver | items/s | vs invokeMany | CPU ms / 1k items | peak RSS MB | failed |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const driver of DRIVERS) {
    const rs = runs[driver] ?? [];
    const perSecond = median(rs.map((r) => r.perSecond));
    console.log(
      `| ${driver} | ${fmt(perSecond)} | ${fmt(perSecond / base, 2)}x | ${fmt(median(rs.map((r) => r.cpuMsPer1k)))} | ${fmt(median(rs.map((r) => r.peakRssMb)))} | ${Math.max(...rs.map((r) => r.failed))} |`,
    );
  }

  if (MILLION > 0) {
    console.log(`\n## ${fmt(MILLION)} generated items through invokeMany (${CONCURRENCY} in flight); memory after a full GC every ${fmt(SAMPLE_EVERY)} items\n`);
    const before = /** @type {{ requests: number }} */ (await server.stats()).requests;
    const big = await measure({ driver: 'invokeMany', url: server.url, items: MILLION, concurrency: CONCURRENCY, sampleEvery: SAMPLE_EVERY });
    const reached = /** @type {{ requests: number }} */ (await server.stats()).requests - before;
    console.log('| items done | heap used MB | RSS MB |');
    console.log('|---:|---:|---:|');
    for (const s of big.samples) console.log(`| ${fmt(s.done)} | ${fmt(s.heapMb, 1)} | ${fmt(s.rssMb, 1)} |`);
    const heaps = big.samples.map((/** @type {any} */ s) => s.heapMb);
    console.log(
      `\n${fmt(big.done)} items in ${fmt(big.done / big.perSecond, 1)} s (${fmt(big.perSecond)}/s), ${big.failed} failed, ` +
        `peak RSS ${fmt(big.peakRssMb)} MB; heap after GC ranged ${fmt(Math.min(...heaps), 1)}-${fmt(Math.max(...heaps), 1)} MB; ` +
        `the server saw ${fmt(reached)} requests (${fmt(MILLION)} + 2,000 warm-up expected)`,
    );
  }
} finally {
  await server.stop();
}
