/**
 * The steps of JourneysClient's hot path timed in isolation, in this process, next to the plain
 * operations a hand-written undici call does anyway. The profile says where time goes; these
 * figures say what each step costs, in ns per invoke. Samples of all steps are interleaved
 * (round 1 of every step, then round 2, ...) so a busy moment does not favour one of them.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { resolveUserId } from '@journeykit/core';
import { prepareInvocation } from '@journeykit/core/internal';
import { buildRequest, DATA_SIZES } from './payloads.mjs';
import { median } from './stats.mjs';

const SAMPLE_MS = 40;
const ROUNDS = 7;

/** How many calls of fn take about SAMPLE_MS (also warms it up). @param {() => unknown} fn */
function calibrate(fn) {
  for (let n = 1; ; n *= 2) {
    const t = performance.now();
    for (let i = 0; i < n; i++) fn();
    const ms = performance.now() - t;
    if (ms > SAMPLE_MS / 4 || n > 1e8) return Math.max(1, Math.round((n * SAMPLE_MS) / Math.max(ms, 1e-3)));
  }
}

function noop() {}

/**
 * @param {string[]} sizes size labels to time the size-dependent steps at
 * @returns {{ step: string, size: string, ns: number, note: string }[]}
 */
export function measureStepCosts(sizes) {
  /** @type {{ step: string, size: string, fn: () => unknown, iterations?: number, samples: number[] }[]} */
  const steps = [];
  for (const size of sizes) {
    const request = buildRequest(DATA_SIZES[/** @type {keyof typeof DATA_SIZES} */ (size)]);
    steps.push({ step: 'JSON.stringify(request) (raw undici does this too)', size, fn: () => JSON.stringify(request), samples: [] });
    steps.push({
      step: 'prepareInvocation (validate + resolve user + stringify)',
      size,
      fn: () => prepareInvocation('order-shipped', request),
      samples: [],
    });
    steps.push({ step: 'resolveUserId(request)', size, fn: () => resolveUserId(request), samples: [] });
    const body = JSON.stringify(request);
    // Once per call in core (the pipeline sends one Buffer on every attempt); raw undici pays it in its Request.
    steps.push({ step: 'Buffer.from(body) (raw undici does this too)', size, fn: () => Buffer.from(body), samples: [] });
  }
  const answer = Buffer.from('{"runId":"1-65f240a0-47a6a120c8374de9bcf9f22c"}');
  steps.push({ step: 'randomUUID() (default Idempotency-Key)', size: '', fn: () => randomUUID(), samples: [] });
  steps.push({ step: 'setTimeout + clearTimeout (per-attempt deadline)', size: '', fn: () => clearTimeout(setTimeout(noop, 30_000)), samples: [] });
  steps.push({ step: 'answer Buffer -> string -> JSON.parse', size: '', fn: () => JSON.parse(answer.toString('utf8')), samples: [] });

  for (const s of steps) s.iterations = calibrate(s.fn);
  let sink;
  for (let round = 0; round < ROUNDS; round++) {
    for (const s of steps) {
      const n = /** @type {number} */ (s.iterations);
      const t = performance.now();
      for (let i = 0; i < n; i++) sink = s.fn();
      s.samples.push(((performance.now() - t) / n) * 1e6);
    }
  }
  /** @type {any} */ (globalThis).__benchSink = sink;

  return steps.map((s) => {
    const ns = median(s.samples);
    let note = '';
    if (s.step.startsWith('prepareInvocation')) {
      const plain = steps.find((o) => o.size === s.size && o.step.startsWith('JSON.stringify'));
      const stringifyNs = plain ? median(plain.samples) : NaN;
      note = `${Math.round(ns - stringifyNs)} ns over JSON.stringify alone (${(ns / stringifyNs).toFixed(2)}x)`;
    }
    return { step: s.step, size: s.size, ns, note };
  });
}
