// `pnpm --filter @journeykit/bench fake-courier-heap`: a million requests through the fake Courier
// server (as the `journeykit-fake-courier` dev server runs for days), printing the server's heap
// after a full GC at each checkpoint. With bounded records and idempotency keys the heap levels
// off once the limits are reached; without them it grows by about 1 KB per request.
//
// The server runs in its own process (started with --expose-gc) so its heap is its own; the load
// comes from raw undici with keep-alive, every request with a fresh Idempotency-Key.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { scriptArgs } from './cli-options.mjs';

const { values } = parseArgs({
  args: scriptArgs(),
  options: {
    requests: { type: 'string', default: '1000000' },
    checkpoints: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '64' },
    'max-records': { type: 'string' },
    'max-idempotency-keys': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (values.help) {
  console.log(`Usage: pnpm --filter @journeykit/bench fake-courier-heap [--requests N] [--checkpoints N] [--concurrency N]
                 [--max-records N] [--max-idempotency-keys N]
Defaults: 1,000,000 requests, 10 checkpoints, 64 in flight, the server's default limits.`);
  process.exit(0);
}
const total = Number(values.requests);
const checkpoints = Number(values.checkpoints);
const concurrency = Number(values.concurrency);
/** @type {Record<string, number>} */
const limits = {};
if (values['max-records'] !== undefined) limits.maxRecords = Number(values['max-records']);
if (values['max-idempotency-keys'] !== undefined) limits.maxIdempotencyKeys = Number(values['max-idempotency-keys']);

const child = fork(fileURLToPath(new URL('./fake-courier-heap-server.mjs', import.meta.url)), [JSON.stringify(limits)], {
  execArgv: ['--expose-gc'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
/** @type {Map<string, (value: any) => void>} */
const waiting = new Map();
child.on('message', (/** @type {any} */ message) => {
  waiting.get(message.type)?.(message);
  waiting.delete(message.type);
});
/** @param {string} type */
const next = (type) => new Promise((resolve) => waiting.set(type, resolve));
/** @type {{ url: string }} */
const ready = await next('ready');
/** @returns {Promise<{ heapMB: number, requests: number, invocations: number, keys: number, dropped: { requests: number, invocations: number } }>} */
const stats = () => {
  const answer = next('stats');
  child.send({ type: 'stats' });
  return answer;
};

const pool = new Pool(ready.url, { connections: concurrency, pipelining: 1 });
const body = JSON.stringify({ user_id: 'user-123', data: { order_id: 'order-456', items: [{ sku: 'SKU-1', qty: 2 }] } });
let sent = 0;
let failed = 0;
async function worker(/** @type {number} */ until) {
  while (sent < until) {
    const n = sent++;
    const res = await pool.request({
      path: '/journeys/order-shipped/invoke',
      method: 'POST',
      headers: { authorization: 'Bearer test-key', 'content-type': 'application/json', 'idempotency-key': `heap-${n}` },
      body,
    });
    await res.body.dump();
    if (res.statusCode !== 200) failed++;
  }
}

const started = performance.now();
const first = await stats();
let afterFirst = first;
let last = { sent: 0, seconds: 0, ...first };
for (let c = 1; c <= checkpoints; c++) {
  const until = Math.round((total * c) / checkpoints);
  await Promise.all(Array.from({ length: concurrency }, () => worker(until)));
  const s = await stats();
  last = { sent: until, seconds: (performance.now() - started) / 1000, ...s };
  if (c === 1) afterFirst = s;
  console.log(
    `${String(until).padStart(9)} requests  heap ${s.heapMB.toFixed(1).padStart(6)} MB  ` +
      `kept: ${s.requests} requests, ${s.invocations} runs, ${s.keys} keys  (${(until / last.seconds).toFixed(0)} req/s so far)`,
  );
}
await pool.close();
child.kill();

const firstCheckpoint = Math.round(total / checkpoints);
console.log(`\n${total.toLocaleString('en')} requests, ${failed} not answered 200, in ${last.seconds.toFixed(0)} s`);
console.log(
  `heap at start ${first.heapMB.toFixed(1)} MB; after ${firstCheckpoint.toLocaleString('en')} requests ${afterFirst.heapMB.toFixed(1)} MB; ` +
    `after ${last.sent.toLocaleString('en')} requests ${last.heapMB.toFixed(1)} MB`,
);
const growth = last.heapMB - afterFirst.heapMB;
console.log(
  `growth from the first checkpoint to the last: ${growth.toFixed(1)} MB ` +
    `(${((growth * 1024 * 1024) / Math.max(1, last.sent - firstCheckpoint)).toFixed(2)} bytes per request)`,
);
console.log(`dropped from the logs: ${last.dropped.requests.toLocaleString('en')} requests, ${last.dropped.invocations.toLocaleString('en')} runs`);
