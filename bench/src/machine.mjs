/** What the numbers were measured on: they only compare within one run on one machine. */
import os from 'node:os';
import { readFileSync } from 'node:fs';

// Read from the bench's own node_modules: not every package exports its package.json.
function versionOf(/** @type {string} */ pkg) {
  try {
    return JSON.parse(readFileSync(new URL(`../node_modules/${pkg}/package.json`, import.meta.url), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

export function describeMachine() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    packages: {
      '@journeykit/core': versionOf('@journeykit/core'),
      '@trycourier/courier': versionOf('@trycourier/courier'),
      undici: versionOf('undici'),
    },
    loadAverageAtStart: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}
