/**
 * Cold-start cost of each package, in fresh processes: wall time of `node -e "import(pkg)"`
 * (and of `require(pkg)`), and of a process that imports, constructs a client, gets one runId
 * from the invoke server and exits. Each figure is the median of N runs minus the median of a
 * bare node doing the same with a built-in module, so it is what the package adds. Probes are
 * interleaved (run 1 of every probe, then run 2, ...) so a noisy moment hits them all alike.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { median } from './stats.mjs';

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));

/** @type {Record<string, { module: string, firstInvoke: (url: string) => string }>} */
const PACKAGES = {
  core: {
    module: '@journeykit/core',
    firstInvoke: (url) =>
      `import('@journeykit/core').then(async ({ JourneysClient }) => {
        const client = new JourneysClient({ apiKey: 'bench-key', baseUrl: ${JSON.stringify(url)} });
        const { runId } = await client.invoke('order-shipped', { user_id: 'user-123' });
        if (typeof runId !== 'string') process.exit(1);
        process.exit(0);
      })`,
  },
  courier: {
    module: '@trycourier/courier',
    firstInvoke: (url) =>
      `import('@trycourier/courier').then(async ({ default: Courier }) => {
        const client = new Courier({ apiKey: 'bench-key', baseURL: ${JSON.stringify(url)} });
        const { runId } = await client.journeys.invoke('order-shipped', { user_id: 'user-123' });
        if (typeof runId !== 'string') process.exit(1);
        process.exit(0);
      })`,
  },
  undici: {
    module: 'undici',
    firstInvoke: (url) =>
      `import('undici').then(async ({ Pool }) => {
        const pool = new Pool(${JSON.stringify(url)});
        const { body } = await pool.request({ path: '/journeys/order-shipped/invoke', method: 'POST',
          headers: { authorization: 'Bearer bench-key', 'content-type': 'application/json' },
          body: JSON.stringify({ user_id: 'user-123' }) });
        const { runId } = await body.json();
        if (typeof runId !== 'string') process.exit(1);
        process.exit(0);
      })`,
  },
};

/** @param {string} code @returns {number} wall ms */
function timeNode(code) {
  const started = performance.now();
  const child = spawnSync(process.execPath, ['-e', code], { cwd: BENCH_DIR, encoding: 'utf8', timeout: 30_000 });
  const ms = performance.now() - started;
  if (child.status !== 0) throw new Error(`cold-start probe failed (${child.status}): ${code.slice(0, 80)}\n${child.stderr}`);
  return ms;
}

/**
 * @param {{ implementations: readonly string[], runs: number, url: string }} input
 * @returns {{ runs: number, baselineMs: { import: number, require: number }, packages: Record<string, { module: string, importMs: number, requireMs: number, firstRunIdMs: number }> }}
 */
export function measureColdStart({ implementations, runs, url }) {
  /** @type {Record<string, string>} */
  const probes = {
    'baseline:import': `import('node:path')`,
    'baseline:require': `require('node:path')`,
    // The bare-node baseline for the first-runId probe: same process shape, no package.
    'baseline:first': `import('node:path').then(() => process.exit(0))`,
  };
  for (const id of implementations) {
    const pkg = PACKAGES[id];
    if (pkg === undefined) throw new Error(`no cold-start probe for ${id}`);
    probes[`${id}:import`] = `import(${JSON.stringify(pkg.module)})`;
    probes[`${id}:require`] = `require(${JSON.stringify(pkg.module)})`;
    probes[`${id}:first`] = pkg.firstInvoke(url);
  }
  /** @type {Record<string, number[]>} */
  const samples = Object.fromEntries(Object.keys(probes).map((k) => [k, []]));
  timeNode('0'); // the first spawn warms the page cache; do not count it
  for (let run = 0; run < runs; run++) {
    for (const [key, code] of Object.entries(probes)) samples[key]?.push(timeNode(code));
  }
  const med = (/** @type {string} */ key) => median(samples[key] ?? []);
  return {
    runs,
    baselineMs: { import: med('baseline:import'), require: med('baseline:require') },
    packages: Object.fromEntries(
      implementations.map((id) => [
        id,
        {
          module: PACKAGES[id]?.module ?? id,
          importMs: med(`${id}:import`) - med('baseline:import'),
          requireMs: med(`${id}:require`) - med('baseline:require'),
          firstRunIdMs: med(`${id}:first`) - med('baseline:first'),
        },
      ]),
    ),
  };
}
