#!/usr/bin/env node
// `pnpm test`: every package's tests through turbo (all of them, even after a failure), then one closing line with the totals
// (vitest prints one "Tests  N passed" line per package). Exits with turbo's status.
// The outbox's integration tests need a real PostgreSQL server: JOURNEYKIT_TEST_DATABASE_URL names one, and
// without it this script starts a throwaway one on 127.0.0.1 with .ci/postgres.sh (installing Debian's
// package if missing) and stops it at the end. The testkit console's browser tests need Chromium: .ci/chromium.sh
// installs Debian's package when it is missing (JOURNEYKIT_CHROMIUM names another binary).
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', TURBO_NO_UPDATE_NOTIFIER: '1' };
const postgresScript = fileURLToPath(new URL('../.ci/postgres.sh', import.meta.url));
let stopPostgres = () => {};
if (!env.JOURNEYKIT_TEST_DATABASE_URL) {
  const started = spawnSync('bash', [postgresScript, 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const url = /JOURNEYKIT_TEST_DATABASE_URL=(\S+)/.exec(started.stdout ?? '')?.[1];
  if (started.status !== 0 || url === undefined) {
    console.error(
      'pnpm test: could not start PostgreSQL for the outbox tests (.ci/postgres.sh needs root and apt-get, or an installed PostgreSQL).\n' +
        'Point JOURNEYKIT_TEST_DATABASE_URL at a server you can create schemas on, e.g. postgres://postgres@127.0.0.1:5432/postgres',
    );
    process.exit(1);
  }
  env.JOURNEYKIT_TEST_DATABASE_URL = url;
  stopPostgres = () => spawnSync('bash', [postgresScript, 'stop'], { stdio: 'inherit' });
}
const chromium = spawnSync('bash', [fileURLToPath(new URL('../.ci/chromium.sh', import.meta.url))], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
  env,
});
if (chromium.status !== 0) {
  stopPostgres();
  console.error(
    "pnpm test: no Chromium for the console browser tests (.ci/chromium.sh needs root and apt-get to install Debian's package).\n" +
      'Install it (apt-get install -y chromium) or set JOURNEYKIT_CHROMIUM to a Chromium binary.',
  );
  process.exit(1);
}
env.JOURNEYKIT_CHROMIUM = chromium.stdout.trim();
const child = spawn('turbo', ['run', 'test', '--continue=always', ...process.argv.slice(2)], {
  env,
  stdio: ['inherit', 'pipe', 'inherit'],
  shell: process.platform === 'win32',
});

const counts = { passed: 0, failed: 0, packages: 0 };
// The failures are printed again just above the totals: CI logs are often read from the end, and with
// fourteen packages interleaved a failure from the first minute is thousands of lines up.
const failures = [];
let failureLinesLeft = 0;
let failurePackage = '';
let pending = '';
const plain = (line) => line.replace(/\x1b\[[0-9;]*m/g, '');
/** Keeps each failed test's line, and the first lines of each failure report (the error) from its own package. */
function noteFailure(text) {
  // turbo's own line for a package whose test command failed, even one that died before vitest printed a result.
  if (/#test: +ERROR /.test(text)) return void failures.push(text);
  const m = /^(\S+:test:) +(FAIL|×) /.exec(text);
  if (m) {
    failures.push(text);
    failurePackage = m[1];
    failureLinesLeft = m[2] === 'FAIL' ? 2 : 0;
  } else if (failureLinesLeft > 0 && text.startsWith(failurePackage) && /:test: +\S/.test(text)) {
    failures.push(text);
    failureLinesLeft--;
  }
}
function tally(line) {
  const text = plain(line);
  noteFailure(text);
  const m = /:test: +Tests +(.*)$/.exec(text);
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
// Ctrl-C reaches turbo too: wait for it to exit, then stop PostgreSQL.
process.on('SIGINT', () => {});
child.on('close', (code) => {
  stopPostgres();
  tally(pending);
  const ok = code === 0 && counts.failed === 0 && counts.passed > 0;
  if (failures.length > 0) {
    console.log('\nfailures, again (the first 60 lines):');
    for (const line of failures.slice(0, 60)) console.log(line);
    if (failures.length > 60) console.log(`... and ${failures.length - 60} more lines above`);
  }
  // The last line is the plain total that CI and people read: "tests: N passed, M failed".
  console.log(`\n${counts.packages} packages on Node ${process.version}: ${ok ? 'all tests passed' : 'TESTS FAILED'}`);
  console.log(`tests: ${counts.passed} passed, ${counts.failed} failed`);
  process.exitCode = ok ? 0 : code || 1;
});
