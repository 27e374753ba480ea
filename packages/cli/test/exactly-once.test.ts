import { startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { lineKey } from '../src/idempotency-key.js';
import { runCli, scratch, startCli } from './support/run-cli.js';

// The fake server keeps every request and run in memory: about 1.2 KB of heap per request (116 MB for
// 100,000 measured), so a million-line run belongs in `pnpm bench:many`, against the minimal invoke server.
const LINES = 100_000;
const API_KEY = 'sk_test_exactly_once';
let server: FakeCourierServer;
const files = scratch();

beforeAll(async () => {
  // Every run is kept (the default keeps the latest 10,000): the test compares all 100,000 against the file.
  server = await startFakeCourier({ apiKey: API_KEY, maxRecords: 1_000_000, maxIdempotencyKeys: 1_000_000 });
});
afterAll(async () => {
  await server.close();
  files.cleanup();
});

/**
 * The proof of issue 18: a 100,000-line backfill against a Courier that drops connections, drops
 * them after creating the run, answers 429 and 503, stalls and trickles bodies, killed with
 * SIGKILL in the middle (no chance to clean up) and run again: every line started exactly once.
 */
it('a 100,000-line file, chaos faults, SIGKILL in the middle, run again: every line started exactly once', async () => {
  const requests = Array.from({ length: LINES }, (_, i) => ({ user_id: `user-${i}`, data: { batch: 'reengage', n: i } }));
  const file = files.write('users.ndjson', `${requests.map((r) => JSON.stringify(r)).join('\n')}\n`);
  server.chaos({ rate: 0.02, seed: 18 });
  // A short timeout keeps stalled requests from holding slots; a retry is safe (same key), so many retries.
  const args = ['invoke', 'reengage', '--file', file, '--concurrency', '64', '--timeout-ms', '600', '--max-retries', '10'];

  const first = startCli(args, { baseUrl: server.url, apiKey: API_KEY });
  while (server.invocations.length < LINES * 0.4) {
    const exited = await Promise.race([first.done.then(() => true), new Promise((r) => setTimeout(() => r(false), 20))]);
    if (exited) throw new Error(`the first run ended before it could be killed:\n${first.stdout()}${first.stderr()}`);
  }
  first.child.kill('SIGKILL');
  const killed = await first.done;
  expect(killed.signal).toBe('SIGKILL');
  const atKill = server.invocations.length;
  expect(atKill).toBeLessThan(LINES);

  const second = await runCli(args, { baseUrl: server.url, apiKey: API_KEY });
  expect(second.stderr.split('\n').filter((l) => l.startsWith('line '))).toEqual([]);
  expect(second.code).toBe(0);
  expect(second.stdout).toMatch(/started\s+100,000/);

  // Exactly once: one run per line, each under the key derived from that line, none twice.
  expect(server.invocations).toHaveLength(LINES);
  const keys = new Set(server.invocations.map((i) => i.idempotencyKey));
  expect(keys.size).toBe(LINES);
  for (const request of requests) {
    if (!keys.has(lineKey('reengage', request))) throw new Error(`line of ${request.user_id} never started`);
  }
  expect(new Set(server.invocations.map((i) => i.userId)).size).toBe(LINES);
  // The run met real trouble: faults of every kind, and replays of runs the first process had started.
  const faults = new Set(server.requests.map((r) => r.fault).filter((f) => f !== undefined));
  expect([...faults].sort()).toEqual(['create-then-drop', 'drop', 'slow-body', 'stall', 'status']);
  expect(server.requests.filter((r) => r.outcome === 'replayed').length).toBeGreaterThan(0);
}, 300_000); // About 40 s on an idle 2-core machine; the margin is for a loaded CI box.
