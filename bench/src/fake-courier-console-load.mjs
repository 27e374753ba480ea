// `pnpm --filter @journeykit/bench fake-courier-console-load`: the fake Courier server's throughput
// with its web console off, on with nobody watching, and on with one watcher (a client of the
// console's event stream, as a browser tab holds it). The console must not slow the request path.
//
// Each mode gets a fresh server process (fake-courier-heap-server.mjs, started with the options of
// the mode); the load is raw undici with keep-alive, every invoke with a fresh Idempotency-Key.
// Modes alternate inside each round and the order rotates, so drift on a shared machine spreads
// over all three; the median of the rounds is printed. Besides throughput (which moves with whatever
// else the machine runs) it prints the server process's CPU time per invoke, the steadier measure.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Pool, request } from 'undici';
import { scriptArgs } from './cli-options.mjs';

const { values } = parseArgs({
  args: scriptArgs(),
  options: {
    requests: { type: 'string', default: '20000' },
    warmup: { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '32' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (values.help) {
  console.log(`Usage: pnpm --filter @journeykit/bench fake-courier-console-load [--requests N] [--warmup N] [--rounds N] [--concurrency N]
Defaults: 20,000 measured invokes after 3,000 warm-up invokes, 3 rounds, 32 in flight.`);
  process.exit(0);
}
const total = Number(values.requests);
const warmup = Number(values.warmup);
const rounds = Number(values.rounds);
const concurrency = Number(values.concurrency);

/** @typedef {'off' | 'idle' | 'watched'} ModeId */
/** @type {{ id: ModeId, label: string, options: Record<string, unknown>, watch: boolean }[]} */
const MODES = [
  { id: 'off', label: 'console off (console: false)', options: { console: false }, watch: false },
  { id: 'idle', label: 'console on, nobody watching', options: {}, watch: false },
  { id: 'watched', label: 'console on, one watcher on its event stream', options: {}, watch: true },
];
const body = JSON.stringify({ user_id: 'user-123', data: { order_id: 'order-456', items: [{ sku: 'SKU-1', qty: 2 }] } });
const serverScript = fileURLToPath(new URL('./fake-courier-heap-server.mjs', import.meta.url));

/**
 * Starts a server process with `options`; resolves with its URL and a stop function.
 * @param {Record<string, unknown>} options
 */
async function startServer(options) {
  const child = fork(serverScript, [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  /** @type {{ url: string }} */
  const ready = await new Promise((resolve) => child.once('message', resolve));
  /** @returns {Promise<number>} CPU microseconds the server process has used so far. */
  const cpu = () =>
    new Promise((resolve) => {
      child.once('message', (/** @type {any} */ m) => resolve(m.micros));
      child.send({ type: 'cpu' });
    });
  return { url: ready.url, cpu, stop: () => new Promise((resolve) => (child.once('exit', resolve), child.kill())) };
}

/**
 * A watcher of the console's event stream as the runs page holds it: counts the batches it
 * receives and the run rows in them (the console sends at most one batch per watcher per 100 ms).
 * @param {string} url
 */
async function watch(url) {
  const res = await request(`${url}/_console/events?view=runs`);
  if (res.statusCode !== 200) throw new Error(`the console's event stream answered ${res.statusCode}`);
  const watcher = { batches: 0, rows: 0, close: () => res.body.destroy() };
  let text = '';
  res.body.on('data', (/** @type {Buffer} */ chunk) => {
    text += chunk.toString('utf8');
    const frames = text.split('\n\n');
    text = /** @type {string} */ (frames.pop());
    for (const frame of frames) {
      const data = /^event: batch\ndata: (.*)$/s.exec(frame)?.[1];
      if (data === undefined) continue;
      watcher.batches++;
      watcher.rows += (JSON.parse(data).runs ?? []).filter((/** @type {{ row?: string }} */ r) => r.row !== undefined).length;
    }
  });
  res.body.on('error', () => {});
  return watcher;
}

/**
 * @param {string} url
 * @param {number} count
 * @param {string} prefix
 */
async function load(url, count, prefix) {
  const pool = new Pool(url, { connections: concurrency, pipelining: 1 });
  let sent = 0;
  let failed = 0;
  const worker = async () => {
    while (sent < count) {
      const n = sent++;
      const res = await pool.request({
        path: '/journeys/order-shipped/invoke',
        method: 'POST',
        headers: { authorization: 'Bearer test-key', 'content-type': 'application/json', 'idempotency-key': `${prefix}-${n}` },
        body,
      });
      await res.body.dump();
      if (res.statusCode !== 200) failed++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return { perSecond: count / seconds, failed };
}

/** @type {Record<ModeId, number[]>} */
const results = { off: [], idle: [], watched: [] };
/** @type {Record<ModeId, number[]>} */
const cpus = { off: [], idle: [], watched: [] };
console.log(
  `fake Courier throughput: ${total.toLocaleString('en')} invokes per run after ${warmup.toLocaleString('en')} warm-up, ${concurrency} in flight, ${rounds} rounds`,
);
for (let round = 0; round < rounds; round++) {
  const order = MODES.map((_, i) => /** @type {(typeof MODES)[number]} */ (MODES[(i + round) % MODES.length]));
  for (const mode of order) {
    const server = await startServer(mode.options);
    const watcher = mode.watch ? await watch(server.url) : undefined;
    await load(server.url, warmup, `w${round}`);
    const cpuBefore = await server.cpu();
    const { perSecond, failed } = await load(server.url, total, `m${round}`);
    const cpuPerInvoke = ((await server.cpu()) - cpuBefore) / total;
    watcher?.close();
    await server.stop();
    if (failed > 0) throw new Error(`${failed} invokes were not answered 200 (${mode.id})`);
    if (watcher !== undefined && (watcher.batches === 0 || watcher.rows === 0))
      throw new Error(`the watcher saw no run rows for ${total + warmup} invokes`);
    results[mode.id].push(perSecond);
    cpus[mode.id].push(cpuPerInvoke);
    console.log(
      `  round ${round + 1}  ${mode.label.padEnd(44)} ${perSecond.toFixed(0).padStart(7)} invokes/s  ${cpuPerInvoke.toFixed(1).padStart(6)} µs server CPU/invoke${watcher ? `  (watcher got ${watcher.rows.toLocaleString('en')} rows in ${watcher.batches.toLocaleString('en')} batches)` : ''}`,
    );
  }
}
const median = (/** @type {number[]} */ xs) => /** @type {number} */ ([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
console.log('\nmedian of the rounds:');
const base = median(results.off);
const baseCpu = median(cpus.off);
const change = (/** @type {number} */ x, /** @type {number} */ b) => `${x >= b ? '+' : ''}${(((x - b) / b) * 100).toFixed(1)}%`;
for (const mode of MODES) {
  const m = median(results[mode.id]);
  const c = median(cpus[mode.id]);
  console.log(
    `  ${mode.label.padEnd(44)} ${m.toFixed(0).padStart(7)} invokes/s (${change(m, base).padStart(6)})  ${c.toFixed(1).padStart(6)} µs server CPU/invoke (${change(c, baseCpu).padStart(6)})`,
  );
}
