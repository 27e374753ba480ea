/**
 * `pnpm --filter @journeykit/bench pull:many`: times `journeykit pull` of 200 journeys from the fake
 * Courier (real HTTP on 127.0.0.1, the built command as a child process), several runs, and prints
 * each run's wall-clock time (process start included) and the time the command reports, with the
 * load average: the machine may be shared. Target (issue 26): under 3 s.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startFakeCourier } from '@journeykit/testkit';

const JOURNEYS = Number(process.env.PULL_JOURNEYS ?? 200);
const RUNS = Number(process.env.PULL_RUNS ?? 5);
const BIN = fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));

/**
 * Journey i: a trigger schema of a realistic size (a few fields, an enum, a nested object, an array, a date-time).
 * @param {number} i
 */
function definition(i) {
  return {
    id: `journey-${String(i).padStart(3, '0')}`,
    name: `Journey ${i}`,
    nodes: [
      {
        id: 'trigger-1',
        type: 'trigger',
        trigger_type: 'api-invoke',
        schema: {
          type: 'object',
          properties: {
            [`field_${i}`]: { type: 'string' },
            plan: { enum: ['free', 'pro', `tier-${i % 7}`] },
            at: { type: 'string', format: 'date-time' },
            address: { type: 'object', properties: { city: { type: 'string' }, zip: { type: 'string' } }, required: ['zip'] },
            items: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' }, qty: { type: 'integer' } } } },
          },
          required: [`field_${i}`, 'plan'],
        },
      },
      { id: 'send-1', type: 'send', message: { template: `nt_${i}` } },
      { id: 'exit-1', type: 'exit' },
    ],
  };
}

/**
 * @param {string} file
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<{ wallMs: number, reported: string | undefined }>}
 */
function run(file, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, 'pull', file], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (/** @type {Buffer} */ b) => (out += b.toString()));
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`journeykit pull exited ${code}`));
      else resolve({ wallMs: performance.now() - started, reported: /in (\d+) ms/.exec(out)?.[1] });
    });
  });
}

const fake = await startFakeCourier({ apiKey: 'bench-pull', journeyDefinitions: Array.from({ length: JOURNEYS }, (_, i) => definition(i)) });
const dir = mkdtempSync(join(tmpdir(), 'journeykit-pull-'));
const env = { ...process.env, COURIER_BASE_URL: fake.url, COURIER_API_KEY: 'bench-pull' };
try {
  /** @type {number[]} */
  const walls = [];
  for (let r = 1; r <= RUNS; r++) {
    const file = join(dir, 'journeys.gen.ts');
    const { wallMs, reported } = await run(file, env);
    walls.push(wallMs);
    const load = loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    const bytes = readFileSync(file).length;
    console.log(
      `run ${r}: journeykit pull of ${JOURNEYS} journeys: ${wallMs.toFixed(0)} ms wall (process start included), command reports ${reported} ms; ${bytes} bytes written; load average ${load}`,
    );
  }
  walls.sort((a, b) => a - b);
  console.log(
    `median ${/** @type {number} */ (walls[Math.floor(walls.length / 2)]).toFixed(0)} ms, best ${/** @type {number} */ (walls[0]).toFixed(0)} ms, worst ${/** @type {number} */ (walls.at(-1)).toFixed(0)} ms over ${RUNS} runs (target: under 3000 ms)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
  await fake.close();
}
