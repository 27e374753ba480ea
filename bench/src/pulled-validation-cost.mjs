// `pnpm --filter @journeykit/bench pulled-validation-cost`: the CPU one invoke's `data` check costs
// with the pulled catalog (the Ajv validator `journeykit pull` generates), as core's own invoke
// preparation runs it, against the same preparation without a catalog. CPU time, in one process,
// the two alternating in batches, so a busy machine moves both alike. Compare the extra with the
// CPU ms / 1k invokes of the plain client in `pnpm bench`.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { prepareInvocation } from '@journeykit/core/internal';
import { buildRequest, DATA_SIZES } from './payloads.mjs';
import { buildPulledCatalog, loadPulledCatalog } from './pulled-catalog.mjs';

const { values } = parseArgs({ options: { batches: { type: 'string', default: '9' }, calls: { type: 'string', default: '5000' } }, strict: true });
const batches = Number(values.batches);
const calls = Number(values.calls);
await buildPulledCatalog();
const { journeys } = await loadPulledCatalog();
const MAX = 1024 * 1024;

/**
 * CPU µs per call of `prepare`, over `calls` calls.
 * @param {() => unknown} prepare
 */
function cpuPerCall(prepare) {
  const before = process.cpuUsage();
  for (let i = 0; i < calls; i++) prepare();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / calls;
}
const median = (/** @type {number[]} */ xs) => /** @type {number} */ ([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);

console.log(
  `prepareInvocation, ${batches} batches of ${calls} calls each way, alternating; Node ${process.version}; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}\n`,
);
console.log('| data | without catalog µs/call | with pulled catalog µs/call | extra µs/invoke | the validator alone µs/call |');
console.log('|---|---:|---:|---:|---:|');
for (const size of /** @type {const} */ (['200B', '10KB'])) {
  const request = buildRequest(DATA_SIZES[size]);
  const plain = () => prepareInvocation('order-shipped', request, undefined, MAX, undefined);
  const pulled = () => prepareInvocation('order-shipped', request, undefined, MAX, journeys);
  if (journeys.check('order-shipped', request).length > 0)
    throw new Error(`the bench request does not fit the pulled schema: ${JSON.stringify(journeys.check('order-shipped', request))}`);
  for (let i = 0; i < 3; i++) cpuPerCall(plain), cpuPerCall(pulled); // warm-up: JIT, Ajv's compile
  const schema = journeys.journeys['order-shipped'].data['~standard'];
  const alone = () => {
    if (schema.validate(request.data).issues !== undefined) throw new Error('the bench data should pass');
  };
  /** @type {number[]} */
  const a = [];
  /** @type {number[]} */
  const b = [];
  /** @type {number[]} */
  const c = [];
  for (let i = 0; i < batches; i++) {
    a.push(cpuPerCall(plain));
    b.push(cpuPerCall(pulled));
    c.push(cpuPerCall(alone));
  }
  const ma = median(a);
  const mb = median(b);
  console.log(`| ${size} | ${ma.toFixed(2)} | ${mb.toFixed(2)} | ${(mb - ma).toFixed(2)} | ${median(c).toFixed(2)} |`);
}
console.log(
  `\nload average at the end ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
