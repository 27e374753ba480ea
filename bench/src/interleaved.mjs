/**
 * Implementations taking turns in ONE process: each sends a batch of invokes (closed loop, N in
 * flight), then the next, the order rotating every turn; the figures are medians over turns of each
 * one's invokes/s and CPU µs per invoke (this process's `process.cpuUsage()` over its batch). A load
 * spike from other work falls on all of them alike, which fresh processes minutes apart do not get:
 * on a shared machine this is what resolves a few percent. Runs under Node or Bun (it prints; no IPC).
 *
 *   node src/interleaved.mjs --only=core,core-base,undici --concurrency=1,64 --size=200B --turns=30 --batch=1000
 *   bun src/interleaved.mjs --only=core-fetch,fetch
 *
 * Starts its own invoke server (a separate process) unless --url is given.
 */
import { parseArgs } from 'node:util';
import os from 'node:os';
import { IMPLEMENTATIONS } from './implementations.mjs';
import { buildRequest, DATA_SIZES } from './payloads.mjs';
import { median } from './stats.mjs';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    only: { type: 'string', default: 'core,undici' },
    concurrency: { type: 'string', default: '1,64' },
    size: { type: 'string', default: '200B' },
    turns: { type: 'string', default: '30' },
    batch: { type: 'string', default: '1000' },
    url: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const ids = String(values.only).split(',');
const turns = Number(values.turns);
const batch = Number(values.batch);
const dataBytes = DATA_SIZES[/** @type {keyof typeof DATA_SIZES} */ (values.size)];
if (dataBytes === undefined) throw new Error(`--size takes one of ${Object.keys(DATA_SIZES).join(',')}`);
const request = buildRequest(dataBytes);

/** @type {{ url: string, stop(): Promise<void> }} */
const server = values.url ? { url: values.url, stop: async () => {} } : await (await import('./child-processes.mjs')).startInvokeServer();
const runtime =
  typeof (/** @type {any} */ (globalThis).Bun) === 'undefined' ? `Node ${process.version}` : `Bun ${/** @type {any} */ (globalThis).Bun.version}`;
try {
  const invokers = await Promise.all(
    ids.map(async (id) => {
      const impl = IMPLEMENTATIONS[id];
      if (impl === undefined) throw new Error(`unknown implementation ${id}`);
      return { id, invoker: await impl.create({ url: server.url, apiKey: 'bench-key' }) };
    }),
  );
  const load = () => (os.loadavg()[0] ?? 0).toFixed(2);
  const loadStart = load();
  /** @type {any[]} */
  const report = [];
  for (const c of String(values.concurrency).split(',').map(Number)) {
    /** @type {Record<string, { rps: number[], cpuUs: number[] }>} */
    const samples = Object.fromEntries(ids.map((id) => [id, { rps: [], cpuUs: [] }]));
    const run = async (/** @type {import('./implementations.mjs').Invoker} */ invoker, /** @type {number} */ count) => {
      let next = 0;
      const worker = async () => {
        while (next++ < count) await invoker.invoke('order-shipped', /** @type {any} */ (request));
      };
      const cpu = process.cpuUsage();
      const started = performance.now();
      await Promise.all(Array.from({ length: Math.min(c, count) }, worker));
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      return { rps: count / seconds, cpuUs: (used.user + used.system) / count };
    };
    for (const { invoker } of invokers) await run(invoker, Math.min(batch, 500)); // warm-up
    for (let turn = 0; turn < turns; turn++) {
      for (let i = 0; i < invokers.length; i++) {
        const { id, invoker } = /** @type {(typeof invokers)[number]} */ (invokers[(i + turn) % invokers.length]);
        const r = await run(invoker, batch);
        samples[id]?.rps.push(r.rps);
        samples[id]?.cpuUs.push(r.cpuUs);
      }
    }
    const base = samples[/** @type {string} */ (ids.at(-1))];
    for (const id of ids) {
      const s = /** @type {{ rps: number[], cpuUs: number[] }} */ (samples[id]);
      const row = {
        runtime,
        concurrency: c,
        size: values.size,
        implementation: id,
        invokesPerSecond: median(s.rps),
        cpuUsPerInvoke: median(s.cpuUs),
        vsLast: median(s.rps) / median(base?.rps ?? []),
        cpuVsLast: median(s.cpuUs) / median(base?.cpuUs ?? []),
      };
      report.push(row);
      if (!values.json)
        console.log(
          `${runtime} ${values.size} in flight ${String(c).padEnd(3)} ${id.padEnd(10)} ${Math.round(row.invokesPerSecond).toLocaleString('en-US').padStart(7)}/s` +
            ` (${row.vsLast.toFixed(3)}x ${ids.at(-1)})  CPU ${row.cpuUsPerInvoke.toFixed(1)} µs/invoke (${row.cpuVsLast.toFixed(3)}x)`,
        );
    }
  }
  const loadEnd = load();
  if (values.json) console.log(JSON.stringify({ loadStart, loadEnd, turns, batch, rows: report }));
  else console.log(`${turns} turns of ${batch} invokes each, order rotating; medians over turns; load ${loadStart} -> ${loadEnd}`);
  await Promise.all(invokers.map(({ invoker }) => invoker.close()));
} finally {
  await server.stop();
}
process.exit(0);
