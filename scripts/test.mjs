#!/usr/bin/env node
// `pnpm test`: every package's tests through turbo (all of them, even after a failure), then one closing line with the totals
// (vitest prints one "Tests  N passed" line per package). Exits with turbo's status.
import { spawn } from 'node:child_process';

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', TURBO_NO_UPDATE_NOTIFIER: '1' };
const child = spawn('turbo', ['run', 'test', '--continue=always', ...process.argv.slice(2)], { env, stdio: ['inherit', 'pipe', 'inherit'], shell: process.platform === 'win32' });

const counts = { passed: 0, failed: 0, packages: 0 };
let pending = '';
const plain = (line) => line.replace(/\x1b\[[0-9;]*m/g, '');
function tally(line) {
  const m = /:test: +Tests +(.*)$/.exec(plain(line));
  if (!m) return;
  counts.packages++;
  counts.passed += Number(/(\d+) passed/.exec(m[1])?.[1] ?? 0);
  counts.failed += Number(/(\d+) failed/.exec(m[1])?.[1] ?? 0);
}
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  pending += chunk.toString('utf8');
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  lines.forEach(tally);
});
child.on('close', (code) => {
  tally(pending);
  const ok = code === 0 && counts.failed === 0 && counts.passed > 0;
  // The last line is the plain total that CI and people read: "tests: N passed, M failed".
  console.log(`\n${counts.packages} packages: ${ok ? 'all tests passed' : 'TESTS FAILED'}`);
  console.log(`tests: ${counts.passed} passed, ${counts.failed} failed`);
  process.exitCode = ok ? 0 : code || 1;
});
