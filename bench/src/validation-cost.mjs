// `pnpm --filter @journeykit/bench validation-cost`: how long validating one hostile request
// blocks the event loop. Validation is synchronous, so its time is the block. Each input runs
// `--runs` times; the worst and the median are printed. The walk must stop once what it has read
// passes maxRequestBytes (1 MiB by default), so no row may take more than ~50 ms here.
import { parseArgs } from 'node:util';
import { JourneysValidationError } from '@journeykit/core';
import { prepareInvocation } from '@journeykit/core/internal';
import { buildRequest } from './payloads.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } }, strict: true });
const runs = Number(values.runs);

/** @param {number} length */
function sparse(length) {
  /** @type {unknown[]} */
  const items = [];
  items.length = length;
  return items;
}
/** Shared (non-circular) references: JSON would write 2^depth leaves. @param {number} depth */
function doubling(depth) {
  /** @type {Record<string, unknown>} */
  let node = { leaf: 'x' };
  for (let i = 0; i < depth; i++) node = { a: node, b: node };
  return node;
}
/** @param {number} depth */
function nested(depth) {
  /** @type {Record<string, unknown>} */
  let node = {};
  for (let i = 0; i < depth; i++) node = { d: node };
  return node;
}

/** @type {[string, () => unknown][]} */
const inputs = [
  ['sparse array, length 2^32-1', () => ({ user_id: 'u1', data: { items: sparse(2 ** 32 - 1) } })],
  ['sparse array, length 1e7', () => ({ user_id: 'u1', data: { items: sparse(1e7) } })],
  ['sparse array, length 1e6', () => ({ user_id: 'u1', data: { items: sparse(1e6) } })],
  ['shared references, D=24 (2^24 paths)', () => ({ user_id: 'u1', data: doubling(24) })],
  ['shared references, D=30 (2^30 paths)', () => ({ user_id: 'u1', data: doubling(30) })],
  ['shared references, D=15 (under 1 MiB: accepted)', () => ({ user_id: 'u1', data: doubling(15) })],
  ['100,000 NaN values (issues capped)', () => ({ user_id: 'u1', data: { items: Array.from({ length: 100_000 }, () => Number.NaN) } })],
  ['1,000,000 NaN values', () => ({ user_id: 'u1', data: { items: Array.from({ length: 1_000_000 }, () => Number.NaN) } })],
  ['nesting 100,000 levels deep', () => ({ user_id: 'u1', data: nested(100_000) })],
  ['a 16 MiB string', () => ({ user_id: 'u1', data: { s: 'x'.repeat(16 * 1024 * 1024) } })],
  ['order data, 1,000,000 B (accepted, for scale)', () => buildRequest(1_000_000)],
];

/** @param {number[]} xs */
const median = (xs) => /** @type {number} */ ([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
console.log(`prepareInvocation with the default maxRequestBytes (1 MiB), ${runs} runs each, Node ${process.version}\n`);
console.log('| input | outcome | worst ms | median ms | message length |');
console.log('|---|---|---:|---:|---:|');
for (const [name, build] of inputs) {
  const request = build();
  /** @type {number[]} */
  const times = [];
  let outcome = 'accepted';
  let messageLength = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    try {
      prepareInvocation('welcome', /** @type {any} */ (request));
      outcome = 'accepted';
    } catch (err) {
      if (!(err instanceof JourneysValidationError)) throw err;
      outcome = `rejected (${err.issues.length + err.unlisted} problem${err.issues.length + err.unlisted === 1 ? '' : 's'})`;
      messageLength = err.message.length;
    }
    times.push(performance.now() - started);
  }
  console.log(`| ${name} | ${outcome} | ${Math.max(...times).toFixed(2)} | ${median(times).toFixed(2)} | ${messageLength} |`);
}
