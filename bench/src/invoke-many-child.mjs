/**
 * One bulk measurement, in a fresh process: starts `items` journeys with `concurrency` in flight
 * through one of three drivers, and reports throughput, CPU per 1,000 items, peak RSS and memory
 * samples over IPC, then exits.
 *
 * - `invokeMany`: `client.invokeMany(generator, { concurrency })`, results taken in a `for await`.
 * - `promise-all-pool`: the hand-written loop: `concurrency` async workers sharing the generator,
 *   awaited with `Promise.all`.
 * - `promise-all-chunks`: the other common hand-written loop: take `concurrency` items, `await
 *   Promise.all` on them, repeat (each chunk waits for its slowest call).
 *
 * Input: one JSON argument { driver, url, items, concurrency, sampleEvery }. Items come from a
 * generator, so no driver holds the input in memory; samples (every `sampleEvery` items) are taken
 * after a full GC (run with --expose-gc), so they show what the driver retains.
 */
import { performance } from 'node:perf_hooks';
import { JourneysClient } from '@journeykit/core';

const config = JSON.parse(process.argv[2] ?? '{}');
const { driver, url, items, concurrency, sampleEvery } = config;
const client = new JourneysClient({ apiKey: 'sk_bench_key', baseUrl: url, connections: concurrency });

function* generate(/** @type {number} */ n) {
  for (let i = 0; i < n; i++) {
    yield { templateId: 'reengage', request: { user_id: `user-${i}`, data: { batch: 'bench', n: i } }, idempotencyKey: `bench-${i}` };
  }
}

/** @type {{ done: number, rssMb: number, heapMb: number }[]} */
const samples = [];
let peakRss = 0;
let done = 0;
let failed = 0;
const memory = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
function completed(/** @type {boolean} */ ok) {
  done++;
  if (!ok) failed++;
  if (sampleEvery > 0 && done % sampleEvery === 0) {
    /** @type {any} */ (globalThis).gc?.();
    const m = process.memoryUsage();
    samples.push({ done, rssMb: m.rss / 2 ** 20, heapMb: m.heapUsed / 2 ** 20 });
  }
}

/** @type {Record<string, () => Promise<void>>} */
const drivers = {
  async invokeMany() {
    for await (const r of client.invokeMany(generate(items), { concurrency })) completed(r.ok);
  },
  async 'promise-all-pool'() {
    const source = generate(items);
    const worker = async () => {
      for (let next = source.next(); !next.done; next = source.next()) {
        const item = next.value;
        try {
          await client.invoke(item.templateId, item.request, { idempotencyKey: item.idempotencyKey });
          completed(true);
        } catch {
          completed(false);
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  },
  async 'promise-all-chunks'() {
    const source = generate(items);
    for (;;) {
      const chunk = [];
      for (let next = source.next(); !next.done; next = chunk.length < concurrency - 1 ? source.next() : { done: true, value: undefined })
        chunk.push(next.value);
      if (chunk.length === 0) break;
      const results = await Promise.allSettled(
        chunk.map((item) => client.invoke(item.templateId, item.request, { idempotencyKey: item.idempotencyKey })),
      );
      for (const r of results) completed(r.status === 'fulfilled');
    }
  },
};

const run = drivers[driver];
if (run === undefined) throw new Error(`unknown driver ${driver}`);
// Warm-up: connections open and code is optimised before the clock starts.
for await (const _ of client.invokeMany(generate(2000), { concurrency })) void _;
/** @type {any} */ (globalThis).gc?.();
const cpuBefore = process.cpuUsage();
const started = performance.now();
await run();
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
clearInterval(memory);
peakRss = Math.max(peakRss, process.memoryUsage.rss());
await client.close();
process.send?.({
  type: 'result',
  driver,
  items,
  done,
  failed,
  perSecond: done / seconds,
  cpuMsPer1k: ((cpu.user + cpu.system) / 1000 / done) * 1000,
  peakRssMb: peakRss / 2 ** 20,
  samples,
});
