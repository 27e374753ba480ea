/**
 * The long-horizon check (`pnpm check:long-horizon`, bench/src/check-long-horizon.mjs) under
 * `pnpm test`: 35 simulated days (a 3-day worker outage with pg-boss maintenance, replays 2 days
 * later, dead letters aged 30 days) on the built packages, against this test run's PostgreSQL.
 * Every committed invocation started once or is listed as a dead letter; none is missing.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { databaseUrl } from '@journeykit/test-support/postgres';
import { expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../../bench/src/check-long-horizon.mjs', import.meta.url));

it('35 simulated days: nothing lost, nothing started twice, dead letters kept (pnpm check:long-horizon)', async () => {
  const child = spawn(process.execPath, [script, '--invocations', '60', '--json'], {
    env: { ...process.env, JOURNEYKIT_TEST_DATABASE_URL: databaseUrl() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code, `${out}\n${err}`).toBe(0);
  const report = JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number | boolean>;
  // 60 invocations: 6 rolled back, and of the 54 committed 6 retired (refused for good), 6 with their
  // answers lost until the replay, 6 unpublished until the replay, 36 plain.
  expect(report).toMatchObject({
    ok: true,
    committed: 54,
    queuedAfterOutage: 54,
    deadLettersAfter3Days: 18,
    replayed: 12,
    deadLettersAfter30Days: 6,
    startedOnce: 48,
    deadLetters: 6,
    lost: 0,
    duplicates: 0,
    rolledBackSent: 0,
    // A queue whose first worker comes on day 35, past its keys' lifetime: delivered, not dead-lettered.
    lateStartedOnce: 5,
    lateDeadLetters: 0,
    violations: 0,
  });
}, 120_000);
