/**
 * One measurement, in a fresh process: loads one implementation, warms it up, then sends a fixed
 * number of invokes with a fixed number in flight (closed loop: each of `concurrency` workers
 * sends its next invoke as soon as the previous one answered). Reports throughput, latency
 * percentiles, the CPU this process spent per 1,000 invokes and its peak RSS over IPC, then exits.
 *
 * Input: one JSON argument { impl, url, apiKey, concurrency, dataBytes, warmup, invokes, maxSeconds,
 * profilePath?, profileIntervalUs? }; with profilePath the measured phase is CPU-profiled into that file.
 * `maxSeconds` caps the measured phase (no new invoke starts after it) and a third of it caps the
 * warm-up, so the slowest cells fit the time budget; 0 means no cap.
 */
import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { IMPLEMENTATIONS } from './implementations.mjs';
import { buildRequest } from './payloads.mjs';
import { percentile } from './stats.mjs';

const TEMPLATE_ID = 'order-shipped';

/**
 * @param {import('./implementations.mjs').Invoker} invoker
 * @param {object} request
 * @param {number} count
 * @param {number} concurrency
 * @param {Float64Array | undefined} latencies
 * @param {number} deadline performance.now() after which no new invoke starts
 * @returns {Promise<number>} invokes completed
 */
async function drive(invoker, request, count, concurrency, latencies, deadline) {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < count && performance.now() < deadline) {
      const i = next++;
      const started = performance.now();
      await invoker.invoke(TEMPLATE_ID, /** @type {any} */ (request));
      if (latencies !== undefined) latencies[i] = performance.now() - started;
      done++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return done;
}

/**
 * CPU profile of the measured phase only (not start-up, not warm-up), through the inspector:
 * the same data `node --cpu-prof` writes, without the noise of module loading.
 * @param {number} intervalUs sampling interval
 */
async function startProfiler(intervalUs = 100) {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.post('Profiler.start');
  return {
    async stopInto(/** @type {string} */ path) {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(path, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

async function main() {
  const config = JSON.parse(process.argv[2] ?? '{}');
  const implementation = IMPLEMENTATIONS[config.impl];
  if (implementation === undefined) throw new Error(`unknown implementation ${config.impl}`);
  const request = buildRequest(config.dataBytes);
  const invoker = await implementation.create({ url: config.url, apiKey: config.apiKey });

  const cap = (/** @type {number} */ seconds) => (config.maxSeconds > 0 ? performance.now() + seconds * 1000 : Infinity);
  const warmupInvokes = await drive(invoker, request, config.warmup, config.concurrency, undefined, cap(config.maxSeconds / 3));

  const latencies = new Float64Array(config.invokes);
  const profiler = config.profilePath ? await startProfiler(config.profileIntervalUs) : undefined;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const done = await drive(invoker, request, config.invokes, config.concurrency, latencies, cap(config.maxSeconds));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  if (profiler !== undefined) await profiler.stopInto(config.profilePath);

  const sorted = latencies.subarray(0, done).sort();
  const result = {
    type: 'result',
    warmupInvokes,
    invokes: done,
    seconds,
    invokesPerSecond: done / seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    cpuMsPer1k: ((cpu.user + cpu.system) / 1000 / done) * 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  await invoker.close();
  process.send?.(result, () => process.disconnect?.());
}

// Belt and braces: a stuck socket must not keep this process alive once the work is done.
process.on('disconnect', () => setTimeout(() => process.exit(0), 2000).unref());

main().catch((err) => {
  process.send?.({ type: 'error', message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }, () => process.exit(1));
  if (!process.send) {
    console.error(err);
    process.exit(1);
  }
});
