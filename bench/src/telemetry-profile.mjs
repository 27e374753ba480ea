/**
 * `node bench/src/telemetry-profile.mjs [--concurrency=64] [--invokes=60000]`: CPU-profiles, each in
 * a fresh process with the no-op SDK registered, the telemetry floor (the app's own span and duration
 * record around a client with telemetry off) and journeykit's telemetry on, and prints where the
 * second spends CPU that the first does not: self time per invoke by owner (journeykit's
 * OpenTelemetry package, core, the OpenTelemetry SDK/API, undici, Node, GC) and the functions whose
 * self time differs most. Profiles are left in bench/results/profile/ for Chrome DevTools.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runClientChild, startInvokeServer } from './child-processes.mjs';
import { scriptArgs } from './cli-options.mjs';
import { DATA_SIZES } from './payloads.mjs';

const { values } = parseArgs({
  args: scriptArgs(),
  options: {
    concurrency: { type: 'string', default: '64' },
    invokes: { type: 'string', default: '60000' },
    variants: { type: 'string', default: 'core-sdk-floor,core-otel-sdk' },
  },
});
const PROFILE_DIR = new URL('../results/profile/', import.meta.url);
mkdirSync(PROFILE_DIR, { recursive: true });

/** @param {{ url: string, functionName: string }} frame */
function ownerOf({ url, functionName }) {
  if (url.includes('/packages/opentelemetry/dist/')) return 'journeykit otel';
  if (url.includes('/packages/core/dist/')) return 'core';
  if (url.includes('@opentelemetry')) return 'OpenTelemetry SDK/API';
  if (url.includes('/undici/') || url.startsWith('wasm://')) return 'undici';
  if (url.includes('/bench/src/')) return 'bench';
  if (functionName === '(garbage collector)') return 'gc';
  if (functionName === '(idle)' || functionName === '(program)' || functionName === '(root)') return functionName;
  return url.startsWith('node:') ? 'node' : 'native/builtin';
}

/** Self time per invoke (µs) by owner and by function, from one profile. */
function selfTimes(/** @type {any} */ profile, /** @type {number} */ invokes) {
  const nodes = new Map(profile.nodes.map((/** @type {any} */ n) => [n.id, n]));
  /** @type {Map<number, number>} */
  const self = new Map();
  profile.samples.forEach((/** @type {number} */ id, /** @type {number} */ i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  });
  /** @type {Map<string, number>} */
  const owners = new Map();
  /** @type {Map<string, number>} */
  const functions = new Map();
  for (const [id, us] of self) {
    const { callFrame } = /** @type {any} */ (nodes.get(id));
    const owner = ownerOf(callFrame);
    owners.set(owner, (owners.get(owner) ?? 0) + us / invokes);
    const name = `${callFrame.functionName || '(anonymous)'} ${callFrame.url.replace(/^.*\/(node_modules|packages)\//, '')}:${callFrame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + us / invokes);
  }
  return { owners, functions };
}

const server = await startInvokeServer();
/** @type {Record<string, ReturnType<typeof selfTimes> & { cpuUs: number }>} */
const results = {};
try {
  for (const impl of String(values.variants).split(',')) {
    const profilePath = fileURLToPath(new URL(`telemetry-${impl}-${values.concurrency}.cpuprofile`, PROFILE_DIR));
    const run = /** @type {any} */ (
      await runClientChild(
        {
          impl,
          url: server.url,
          apiKey: 'bench-key',
          concurrency: Number(values.concurrency),
          dataBytes: DATA_SIZES['200B'],
          warmup: 5000,
          invokes: Number(values.invokes),
          maxSeconds: 0,
          profilePath,
          profileIntervalUs: 100,
        },
        { timeoutMs: 600_000 },
      )
    );
    results[impl] = { ...selfTimes(JSON.parse(readFileSync(profilePath, 'utf8')), run.invokes), cpuUs: run.cpuMsPer1k };
    console.log(`${impl}: ${run.invokesPerSecond.toFixed(0)}/s, CPU ${run.cpuMsPer1k.toFixed(1)} µs/invoke (profiled), ${profilePath}`);
  }
} finally {
  await server.stop();
}
const [base, next] = Object.keys(results);
const a = /** @type {any} */ (results[/** @type {string} */ (base)]);
const b = /** @type {any} */ (results[/** @type {string} */ (next)]);
const table = (/** @type {'owners' | 'functions'} */ kind, /** @type {number} */ top) => {
  const keys = new Set([...a[kind].keys(), ...b[kind].keys()]);
  return [...keys]
    .map((k) => ({ k, a: a[kind].get(k) ?? 0, b: b[kind].get(k) ?? 0 }))
    .sort((x, y) => Math.abs(y.b - y.a) - Math.abs(x.b - x.a))
    .slice(0, top)
    .map(({ k, a: x, b: y }) => `${(y - x).toFixed(2).padStart(7)}  ${x.toFixed(2).padStart(6)} -> ${y.toFixed(2).padStart(6)}  ${k}`)
    .join('\n');
};
console.log(`\nself µs per invoke, ${base} -> ${next} (difference first):\n${table('owners', 20)}`);
console.log(`\nfunctions whose self time differs most:\n${table('functions', 40)}`);
