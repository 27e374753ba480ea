// `pnpm soak`: a bounded soak of JourneysClient against the fake Courier server with a random mix
// of faults. Reports duplicates, losses, RSS and sockets left open; `--ci` exits 1 on any
// duplicate, loss or leak. Run with --expose-gc (the package script does) for steadier RSS.
import { fork } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { JourneysClient, JourneysError } from '@journeykit/core';
import { scriptArgs } from './cli-options.mjs';

const { values } = parseArgs({
  args: scriptArgs(),
  options: {
    invokes: { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '64' },
    'time-limit': { type: 'string', default: '600' },
    'fault-rate': { type: 'string', default: '0.15' },
    seed: { type: 'string', default: '1' },
    ci: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (values.help) {
  console.log(`Usage: pnpm soak [--invokes N] [--concurrency N] [--time-limit SECONDS] [--fault-rate 0-1] [--seed N] [--ci]
Defaults: 100000 invokes, 64 in flight, 600 s limit, 15% of requests faulted.
Exits 1 on any duplicate, loss or leak; with --ci also when the time limit cut the run short.`);
  process.exit(0);
}
const invokes = Number(values.invokes);
const concurrency = Number(values.concurrency);
const timeLimitMs = Number(values['time-limit']) * 1000;
const rate = Number(values['fault-rate']);
const seed = Number(values.seed);
for (const [name, v] of Object.entries({ invokes, concurrency, timeLimitMs, seed })) {
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} must be a whole number >= 0`);
}

const mb = (/** @type {number} */ bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const gc = globalThis.gc ?? (() => {});
const rss = () => {
  gc();
  return process.memoryUsage().rss;
};
const heap = () => process.memoryUsage().heapUsed;

const child = fork(fileURLToPath(new URL('./soak-server.mjs', import.meta.url)), [JSON.stringify({ rate, seed })], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
/** @type {{ url: string }} */
const ready = await new Promise((resolve, reject) => {
  child.once('message', resolve);
  child.once('exit', (code) => reject(new Error(`soak server exited early (${code})`)));
});

const client = new JourneysClient({
  apiKey: 'soak-key',
  baseUrl: ready.url,
  maxRetries: 10,
  timeoutMs: 250,
  maxRetryAfterMs: 100,
  retryDelayMs: (retry) => Math.min(5 * 2 ** retry, 200),
});

console.log(
  `soak: ${invokes} invokes, ${concurrency} in flight, ${Math.round(rate * 100)}% of requests faulted (drops, create-then-drop, 429 + Retry-After, 503, stalls, slow bodies), limit ${timeLimitMs / 1000} s`,
);
// Fixed-size records, allocated up front, so the heap shows what the client keeps, not what the
// soak keeps: per invoke a state and a 32-bit hash of the runId it resolved with.
const NOT_RUN = 0;
const RESOLVED = 1;
const TYPED_ERROR = 2;
const UNTYPED_ERROR = 3;
const states = new Uint8Array(invokes);
const runIdHashes = new Uint32Array(invokes);
/** @type {Record<string, number>} */
const failedByCode = {};
/** @param {string} text FNV-1a: collisions are 1 in 4 billion, enough to compare one run id with its server record. */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
const started = Date.now();
let next = 0;
let rssStart = 0;
const warmup = Math.min(1000, Math.floor(invokes / 10));
let rssPeak = 0;
// RSS and heap at each quarter of the run: flat means the client keeps nothing per call.
const checkpoints = new Set([1, 2, 3].map((q) => Math.floor((invokes * q) / 4)));
const samples = [];

async function worker() {
  for (;;) {
    const i = next++;
    if (i >= invokes || Date.now() - started > timeLimitMs) return;
    if (i === warmup) {
      rssStart = rss();
      samples.push(`${mb(rssStart)}/${mb(heap())}`);
    }
    if (checkpoints.has(i)) samples.push(`${mb(rss())}/${mb(heap())}`);
    try {
      // Half pass their own key, half rely on the generated one; duplicates are counted per soak_id either way.
      const options = i % 2 === 0 ? { idempotencyKey: `soak-${seed}-${i}` } : undefined;
      const { runId } = await client.invoke('soak', { user_id: `user-${i % 997}`, data: { soak_id: i, note: 'x'.repeat(64) } }, options);
      states[i] = RESOLVED;
      runIdHashes[i] = hash(runId);
    } catch (error) {
      if (error instanceof JourneysError) {
        states[i] = TYPED_ERROR;
        failedByCode[error.code] = (failedByCode[error.code] ?? 0) + 1;
      } else {
        states[i] = UNTYPED_ERROR;
      }
    }
    if ((i & 1023) === 0) rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
const elapsedMs = Date.now() - started;
const rssEnd = rss();
samples.push(`${mb(rssEnd)}/${mb(heap())}`);
await client.close();
await new Promise((resolve) => setTimeout(resolve, 50));
const openSockets = /** @type {any} */ (process)
  ._getActiveHandles()
  .filter((/** @type {unknown} */ h) => h instanceof net.Socket && h.remotePort !== undefined && !h.destroyed).length;

child.send({ type: 'report' });
/** @type {{ runsById: Record<string, string[]>, requests: number, faults: Record<string, number> }} */
const report = await new Promise((resolve) => child.on('message', (/** @type {any} */ m) => m?.type === 'report' && resolve(m)));

let attempted = 0;
let succeeded = 0;
let lost = 0;
let rejectedAfterRun = 0;
for (let i = 0; i < invokes; i++) {
  const state = states[i];
  if (state === NOT_RUN) continue; // not started: the time limit ran out
  attempted++;
  const runs = report.runsById[i] ?? [];
  if (state === RESOLVED) {
    // Resolved: it must be the one run the server created for this event.
    if (runs.some((runId) => hash(runId) === runIdHashes[i])) succeeded++;
    else lost++;
  } else if (state === TYPED_ERROR) {
    if (runs.length > 0) rejectedAfterRun++;
  } else {
    lost++; // a non-typed error escaped
  }
}
const duplicates = Object.values(report.runsById).filter((runs) => runs.length > 1).length;
const failed = Object.values(failedByCode).reduce((a, b) => a + b, 0);

/** @type {[string, string][]} */
const lines = [
  ['invokes', `${attempted}${attempted < invokes ? ` of ${invokes} (time limit reached)` : ''}`],
  ['elapsed', `${(elapsedMs / 1000).toFixed(1)} s (${Math.round(attempted / (elapsedMs / 1000))} invokes/s)`],
  ['HTTP requests', `${report.requests} (${report.requests - attempted} retries)`],
  [
    'faults injected',
    Object.entries(report.faults)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'none',
  ],
  ['succeeded', String(succeeded)],
  [
    'failed with a typed error',
    `${failed}${
      failed
        ? ` (${Object.entries(failedByCode)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')})`
        : ''
    }`,
  ],
  ['  of which the run was created', String(rejectedAfterRun)],
  ['duplicate runs', String(duplicates)],
  ['lost invokes', String(lost)],
  [
    'RSS after warm-up / end / peak',
    `${mb(rssStart)} MB / ${mb(rssEnd)} MB / ${mb(Math.max(rssPeak, rssEnd))} MB (${rssEnd >= rssStart ? '+' : ''}${mb(rssEnd - rssStart)} MB)`,
  ],
  ['RSS/heap MB at warm-up, 1/4, 1/2, 3/4, end', samples.join(', ')],
  ['open sockets after close()', String(openSockets)],
];
const width = Math.max(...lines.map(([k]) => k.length));
console.log(lines.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n'));

const problems = [];
if (duplicates > 0) problems.push(`${duplicates} duplicate runs`);
if (lost > 0) problems.push(`${lost} lost invokes`);
if (openSockets > 0) problems.push(`${openSockets} sockets left open`);
if (attempted === 0) problems.push('nothing ran');
// In CI the run must be complete: a time limit that cut it short would hide a slowdown.
if (values.ci && attempted < invokes) problems.push(`only ${attempted} of ${invokes} invokes ran before the time limit`);
if (problems.length > 0) {
  console.error(`soak: FAILED: ${problems.join(', ')}`);
  process.exitCode = 1;
} else {
  console.log('soak: passed (0 duplicates, 0 lost, 0 open sockets)');
}
