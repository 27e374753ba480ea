/**
 * Cold-start cost of each package, in fresh processes: wall time of `node -e "import(pkg)"`
 * (and of `require(pkg)`), and of a process that loads the package, constructs a client, gets one
 * runId from the invoke server and exits, once through `import()` (ESM) and once through
 * `require()` (CJS). Each figure is the median of N runs minus the median of a bare node doing the
 * same with a built-in module, so it is what the package adds. Probes are interleaved (run 1 of
 * every probe, then run 2, ...) so a noisy moment hits them all alike. Every probe process also
 * reports its own CPU time (user + system, start-up included): on a busy machine that moves less
 * than wall time, so the first-runId rows show both.
 *
 * `node src/cold-start.mjs [--runs=15] [--only=core,courier]` runs it alone (with its own invoke server).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { median } from './stats.mjs';

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));

/**
 * Ends a probe: prints when the runId was in hand (ms since the process started, by its own clock)
 * and the process's CPU time so far, for the runner to read.
 */
const EXIT = `{ const at = performance.now(); const c = process.cpuUsage(); process.stdout.write('at ' + at + ' cpu ' + (c.user + c.system) / 1000 + '\\n', () => process.exit(0)); }`;

/**
 * The code of a first-runId probe, ESM or CJS: load, construct, one invoke, check the runId, exit.
 * @param {'esm' | 'cjs'} kind
 * @param {string} module
 * @param {string} body uses `m` (the module) and `url`; evaluates to a promise of the runId
 */
function firstRunId(kind, module, body) {
  const load = kind === 'esm' ? `import(${JSON.stringify(module)})` : `Promise.resolve(require(${JSON.stringify(module)}))`;
  return `${load}.then(async (m) => { const runId = await (async () => { ${body} })(); if (typeof runId !== 'string') process.exit(1); ${EXIT} })`;
}

/** @type {Record<string, { module: string, invoke: (url: string) => string }>} */
const PACKAGES = {
  core: {
    module: '@journeykit/core',
    invoke: (url) =>
      `const client = new m.JourneysClient({ apiKey: 'bench-key', baseUrl: ${JSON.stringify(url)} });
       return (await client.invoke('order-shipped', { user_id: 'user-123' })).runId;`,
  },
  courier: {
    module: '@trycourier/courier',
    invoke: (url) =>
      `const client = new m.default({ apiKey: 'bench-key', baseURL: ${JSON.stringify(url)} });
       return (await client.journeys.invoke('order-shipped', { user_id: 'user-123' })).runId;`,
  },
  undici: {
    module: 'undici',
    invoke: (url) =>
      `const pool = new m.Pool(${JSON.stringify(url)});
       const { body } = await pool.request({ path: '/journeys/order-shipped/invoke', method: 'POST',
         headers: { authorization: 'Bearer bench-key', 'content-type': 'application/json' },
         body: JSON.stringify({ user_id: 'user-123' }) });
       return (await body.json()).runId;`,
  },
};

/** @param {string} code @returns {{ wallMs: number, cpuMs: number, atMs: number }} */
function timeNode(code, nodePath = process.execPath) {
  const started = performance.now();
  const child = spawnSync(nodePath, ['-e', code], { cwd: BENCH_DIR, encoding: 'utf8', timeout: 30_000 });
  const wallMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`cold-start probe failed (${child.status}): ${code.slice(0, 80)}\n${child.stderr}`);
  const number = (/** @type {RegExp} */ re) => Number(re.exec(child.stdout)?.[1] ?? Number.NaN);
  return { wallMs, cpuMs: number(/cpu (\S+)/), atMs: number(/at (\S+)/) };
}

/**
 * @typedef {{ module: string, importMs: number, requireMs: number, firstRunIdMs: number, firstRunIdCjsMs: number, firstRunIdCpuMs: number, firstRunIdCjsCpuMs: number, firstRunIdExitMs: number, firstRunIdCjsExitMs: number }} ColdStartPackage
 * @typedef {{ runs: number, baselineMs: { import: number, require: number, first: number, firstCpu: number, firstAt: number }, packages: Record<string, ColdStartPackage> }} ColdStart
 */

/**
 * @param {{ implementations: readonly string[], runs: number, url: string }} input
 * @returns {ColdStart}
 */
export function measureColdStart({ implementations, runs, url }) {
  /** @type {Record<string, string>} */
  const probes = {
    'baseline:import': `import('node:path')`,
    'baseline:require': `require('node:path')`,
    // The bare-node baseline for the first-runId probes: same process shape, no package.
    'baseline:first': `import('node:path').then(() => ${EXIT})`,
  };
  const ids = implementations.filter((id) => id in PACKAGES);
  for (const id of ids) {
    const pkg = /** @type {(typeof PACKAGES)[string]} */ (PACKAGES[id]);
    probes[`${id}:import`] = `import(${JSON.stringify(pkg.module)})`;
    probes[`${id}:require`] = `require(${JSON.stringify(pkg.module)})`;
    probes[`${id}:first`] = firstRunId('esm', pkg.module, pkg.invoke(url));
    probes[`${id}:first-cjs`] = firstRunId('cjs', pkg.module, pkg.invoke(url));
  }
  /** @type {Record<string, { wallMs: number, cpuMs: number, atMs: number }[]>} */
  const samples = Object.fromEntries(Object.keys(probes).map((k) => [k, []]));
  timeNode('0'); // the first spawn warms the page cache; do not count it
  for (let run = 0; run < runs; run++) {
    for (const [key, code] of Object.entries(probes)) samples[key]?.push(timeNode(code));
  }
  const wall = (/** @type {string} */ key) => median((samples[key] ?? []).map((s) => s.wallMs));
  const cpu = (/** @type {string} */ key) => median((samples[key] ?? []).map((s) => s.cpuMs));
  const at = (/** @type {string} */ key) => median((samples[key] ?? []).map((s) => s.atMs));
  return {
    runs,
    baselineMs: {
      import: wall('baseline:import'),
      require: wall('baseline:require'),
      first: wall('baseline:first'),
      firstCpu: cpu('baseline:first'),
      firstAt: at('baseline:first'),
    },
    packages: Object.fromEntries(
      ids.map((id) => [
        id,
        {
          module: PACKAGES[id]?.module ?? id,
          importMs: wall(`${id}:import`) - wall('baseline:import'),
          requireMs: wall(`${id}:require`) - wall('baseline:require'),
          // When the runId is in hand; the whole process (exit included) is beside it.
          firstRunIdMs: at(`${id}:first`) - at('baseline:first'),
          firstRunIdCjsMs: at(`${id}:first-cjs`) - at('baseline:first'),
          firstRunIdExitMs: wall(`${id}:first`) - wall('baseline:first'),
          firstRunIdCjsExitMs: wall(`${id}:first-cjs`) - wall('baseline:first'),
          firstRunIdCpuMs: cpu(`${id}:first`) - cpu('baseline:first'),
          firstRunIdCjsCpuMs: cpu(`${id}:first-cjs`) - cpu('baseline:first'),
        },
      ]),
    ),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { parseArgs } = await import('node:util');
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: { runs: { type: 'string', default: '15' }, only: { type: 'string', default: 'core,courier' } },
  });
  const { startInvokeServer } = await import('./child-processes.mjs');
  const os = await import('node:os');
  const server = await startInvokeServer();
  try {
    const loadStart = os.loadavg()[0]?.toFixed(2);
    const result = measureColdStart({ implementations: String(values.only).split(','), runs: Number(values.runs), url: server.url });
    console.log(
      `Node ${process.version}, load ${loadStart} -> ${os.loadavg()[0]?.toFixed(2)}; ${result.runs} runs; bare node first ${result.baselineMs.first.toFixed(1)} ms`,
    );
    console.log('package               import  require  first ESM (cpu)  (exit)    first CJS (cpu)  (exit)');
    for (const p of Object.values(result.packages)) {
      const f = (/** @type {number} */ n) => n.toFixed(1).padStart(6);
      console.log(
        `${p.module.padEnd(20)} ${f(p.importMs)} ${f(p.requireMs)}   ${f(p.firstRunIdMs)} (${f(p.firstRunIdCpuMs)}) (${f(p.firstRunIdExitMs)})  ${f(p.firstRunIdCjsMs)} (${f(p.firstRunIdCjsCpuMs)}) (${f(p.firstRunIdCjsExitMs)})`,
      );
    }
  } finally {
    await server.stop();
  }
}
