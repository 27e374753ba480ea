// `pnpm --filter @journeykit/bench redaction-cost [--base main]`: what core's key redaction
// costs per call, for the redactor in this checkout and, with `--base <git rev>`, the one at that
// revision, measured side by side in one process (compare the ratio, not the absolute ns: the
// machine is shared). The redactor runs on every answer the client decodes (a successful invoke's
// runId, a run read's run) and on every failure's body, message and request id: the first two rows
// after construction are the success path.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import ts from 'typescript';

const { values } = parseArgs({ options: { base: { type: 'string' }, rounds: { type: 'string', default: '7' } }, strict: true });
const SOURCE = 'packages/core/src/shared/redact.ts';
const root = fileURLToPath(new URL('../../', import.meta.url));

/** Loads `createRedactor` from TypeScript source text. @param {string} source */
async function load(source) {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  return (await import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}`)).createRedactor;
}

const variants = [['this checkout', await load(readFileSync(`${root}${SOURCE}`, 'utf8'))]];
if (values.base !== undefined) {
  variants.unshift([values.base, await load(execFileSync('git', ['show', `${values.base}:${SOURCE}`], { cwd: root, encoding: 'utf8' }))]);
}

const KEY = 'sk_live_4f9c2b7e1a8d3f6c0b5e9a2d7c4f1b8e';
const runId = '1-65f240a0-47a6a120c8374de9bcf9f22c';
const message = 'Invalid profile: the email field must be a valid email address, and phone_number must be in E.164 format (see the docs)';
const run = {
  run_id: runId,
  source: ['api'],
  status: 'PROCESSED',
  template_id: 'welcome',
  created_at: '2026-12-07T18:52:29.000Z',
  updated_at: '2026-12-07T18:52:31.000Z',
};
const body = {
  message,
  type: 'invalid_request_error',
  details: [
    { field: 'profile.email', issue: 'format' },
    { field: 'data.plan', issue: 'enum' },
  ],
};

/** ns per operation: the median of `rounds` timed loops of `n` operations. @param {() => unknown} op */
function time(op, n = 200_000) {
  for (let i = 0; i < n; i++) op();
  const samples = [];
  for (let r = 0; r < Number(values.rounds); r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) op();
    samples.push(Number(process.hrtime.bigint() - start) / n);
  }
  return samples.sort((a, b) => a - b)[samples.length >> 1];
}

let sink = 0;
const rows = [];
for (const [name, createRedactor] of variants) {
  const redact = createRedactor(KEY);
  rows.push({
    redactor: name,
    'createRedactor(key)': time(() => (sink += createRedactor(KEY) === undefined ? 1 : 0), 20_000),
    'text(runId) [success]': time(() => (sink += redact.text(runId).length)),
    'value(run) [success]': time(() => (sink += redact.value(run) === undefined ? 1 : 0), 100_000),
    'text(120 B message)': time(() => (sink += redact.text(message).length)),
    'value(error body)': time(() => (sink += redact.value(body) === undefined ? 1 : 0), 100_000),
  });
}
console.log(`ns per operation, median of ${values.rounds} rounds (Node ${process.version}); key ${KEY.length} chars`);
console.table(rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'number' ? Number(v.toFixed(1)) : v]))));
if (sink === -1) console.log(sink);
