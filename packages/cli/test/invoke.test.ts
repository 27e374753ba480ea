import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { json, startLocalServer } from '@journeykit/test-support/local-server';
import { describe, expect, it } from 'vitest';
import { lineKey } from '../src/idempotency-key.js';
import { useFakeCourier } from './support/fake-courier.js';
import { EXAMPLES, ndjson, runCli, startCli, type CliOptions } from './support/run-cli.js';

const API_KEY = 'sk_test_cli_key';
const { server, files, options: courier } = useFakeCourier(API_KEY);
const cli = (args: string[], options: CliOptions = {}) => runCli(args, courier(options));
const sent = () => server.invocations.map((i) => i.request);

const exampleRequests = ndjson(readFileSync(join(EXAMPLES, 'users.ndjson'), 'utf8'));
/** users.csv through examples/mapping.json (or the equivalent flags): empty cells are left out. */
const csvRequests = [
  { user_id: 'user-1001', profile: { email: 'ada@example.com' }, data: { plan: 'pro', signup_day: '2026-11-02' } },
  { user_id: 'user-1002', profile: { email: 'grace@example.com' }, data: { plan: 'free', signup_day: '2026-11-02' } },
  { profile: { email: 'linus@example.com' }, data: { plan: 'pro', signup_day: '2026-11-03' } },
  { user_id: 'user-1004', data: { plan: 'team', signup_day: '2026-11-03' } },
  { user_id: 'user-1005', profile: { email: 'margaret@example.com' }, data: { plan: 'free', signup_day: '2026-11-04' } },
];
const byUserOrEmail = (r: object) => JSON.stringify(r);

describe('journeykit invoke: input formats and mappings', () => {
  it('NDJSON: starts one run per line with a key derived from the journey and the line, exit 0', async () => {
    const run = await cli(['invoke', 'welcome', '--file', join(EXAMPLES, 'users.ndjson')]);
    expect(run.code).toBe(0);
    expect(sent().map(byUserOrEmail).sort()).toEqual(exampleRequests.map(byUserOrEmail).sort());
    expect(server.invocations.map((i) => i.idempotencyKey).sort()).toEqual(exampleRequests.map((r) => lineKey('welcome', r)).sort());
    expect(run.stdout).toMatch(/started\s+5/);
    expect(run.stdout).toContain('Every line started.');
  });

  it.each([
    ['a mapping file', ['--mapping', join(EXAMPLES, 'mapping.json')]],
    ['flags', ['--user-id-column', 'id', '--profile', 'email', '--data', 'plan=plan', '--data', 'signup_day']],
  ])('CSV with a header row, columns mapped by %s', async (_name, mapping) => {
    const run = await cli(['invoke', 'welcome', '--file', join(EXAMPLES, 'users.csv'), ...mapping]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(sent().map(byUserOrEmail).sort()).toEqual(csvRequests.map(byUserOrEmail).sort());
  });

  it('CSV whose header names the fields (user_id, profile.*, data.*) needs no mapping', async () => {
    const file = files.write('dotted.csv', 'user_id,profile.email,data.plan\nu1,a@example.com,pro\nu2,,free\n');
    const run = await cli(['invoke', 'welcome', '--file', file]);
    expect(run.code).toBe(0);
    expect(sent()).toEqual([
      { user_id: 'u1', profile: { email: 'a@example.com' }, data: { plan: 'pro' } },
      { user_id: 'u2', data: { plan: 'free' } },
    ]);
  });

  it.each([
    ['ndjson', readFileSync(join(EXAMPLES, 'users.ndjson'), 'utf8'), [], exampleRequests],
    ['csv', readFileSync(join(EXAMPLES, 'users.csv'), 'utf8'), ['--format', 'csv', '--mapping', join(EXAMPLES, 'mapping.json')], csvRequests],
  ])('reads %s from stdin with --file -', async (_format, input, extra, expected) => {
    const run = await cli(['invoke', 'welcome', '--file', '-', ...extra], { stdin: input });
    expect(run.code).toBe(0);
    expect(sent().map(byUserOrEmail).sort()).toEqual(expected.map(byUserOrEmail).sort());
  });

  it('--key-column sends the column value as the Idempotency-Key and leaves it out of the request', async () => {
    const file = files.write('keyed.ndjson', '{"order":"o-1","user_id":"u1"}\n{"order":"o-2","user_id":"u2"}\n');
    const run = await cli(['invoke', 'shipped', '--file', file, '--key-column', 'order']);
    expect(run.code).toBe(0);
    expect(server.invocations.map((i) => [i.idempotencyKey, i.request])).toEqual(
      expect.arrayContaining([
        ['o-1', { user_id: 'u1' }],
        ['o-2', { user_id: 'u2' }],
      ]),
    );
  });
});

describe('journeykit invoke: re-runs, results and exit codes', () => {
  it('running the same file again starts nothing twice (Courier replays every key)', async () => {
    const file = join(EXAMPLES, 'users.ndjson');
    expect((await cli(['invoke', 'welcome', '--file', file])).code).toBe(0);
    const first = server.invocations.map((i) => i.runId).sort();
    const out = files.path('rerun.ndjson');
    const again = await cli(['invoke', 'welcome', '--file', file, '--out', out]);
    expect(again.code).toBe(0);
    expect(server.invocations).toHaveLength(5);
    expect(server.requests.filter((r) => r.outcome === 'replayed')).toHaveLength(5);
    // The results file of the re-run lists the original runs.
    expect(
      ndjson<{ runId: string }>(files.read('rerun.ndjson'))
        .map((r) => r.runId)
        .sort(),
    ).toEqual(first);
  });

  it('--out writes one result per line: line, ok, runId or error, idempotencyKey', async () => {
    const file = files.write('mixed.ndjson', '{"user_id":"u1"}\n{"user_id":7}\nnope\n{"user_id":"u4"}\n');
    const out = files.path('results.ndjson');
    const run = await cli(['invoke', 'welcome', '--file', file, '--out', out]);
    expect(run.code).toBe(1);
    const results = ndjson<Record<string, any>>(files.read('results.ndjson')).sort((a, b) => a.line - b.line);
    expect(results.map((r) => [r.line, r.ok])).toEqual([
      [1, true],
      [2, false],
      [3, false],
      [4, true],
    ]);
    const runIds = new Map(server.invocations.map((i) => [i.idempotencyKey, i.runId]));
    expect(results[0]?.runId).toBe(runIds.get(results[0]?.idempotencyKey));
    expect(results[1]?.error).toMatchObject({ code: 'ERR_JOURNEYS_VALIDATION', issues: [{ path: ['user_id'] }] });
    expect(results[2]?.error.message).toContain('not valid JSON');
    expect(run.stderr).toContain('line 2: user_id: must be a string');
    expect(run.stdout).toMatch(/failed\s+2/);
    // Bad lines are not fixed by a re-run: the summary says so, and does not advise one.
    expect(run.stdout).toContain('2 lines failed in a way a re-run will not fix (listed above): correct them in the input');
    expect(run.stdout).not.toContain('Run the same command again');
    expect(
      sent()
        .map((r) => r.user_id)
        .sort(),
    ).toEqual(['u1', 'u4']);
  });

  it('a wrong API key stops the batch at the first 401 with a clear message, exit 1', async () => {
    const file = files.write('many.ndjson', Array.from({ length: 200 }, (_, i) => `{"user_id":"u${i}"}`).join('\n'));
    const run = await cli(['invoke', 'welcome', '--file', file, '--concurrency', '2'], { apiKey: 'sk_wrong_key' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Courier answered 401: check COURIER_API_KEY');
    expect(server.requests.length).toBeLessThan(20);
    expect(run.stdout + run.stderr).not.toContain('sk_wrong_key');
  });

  it.each([
    ['an unknown option', ['--file', 'x.ndjson', '--bogus'], /unknown option '--bogus'/],
    // Flags carry core's names (maxRetries, timeoutMs, ratePerSecond), with the unit in the name.
    ['--retries (now --max-retries)', ['--file', 'x.ndjson', '--retries', '3'], /unknown option '--retries'/],
    ['--timeout (now --timeout-ms)', ['--file', 'x.ndjson', '--timeout', '500'], /unknown option '--timeout'/],
    ['--rate (now --rate-per-second)', ['--file', 'x.ndjson', '--rate', '5'], /unknown option '--rate'/],
    ['a missing file', ['--file', '/nonexistent/users.ndjson'], /cannot read \/nonexistent\/users.ndjson: no such file/],
    ['a bad concurrency', ['--file', 'x.ndjson', '--concurrency', '0'], /expected a whole number >= 1/],
    ['a bad mapping pair', ['--file', 'x.ndjson', '--data', '=plan'], /--data expects field=column/],
    ['a column not in the header', ['--file', join(EXAMPLES, 'users.csv'), '--user-id-column', 'uid'], /column "uid" not in the CSV header/],
    ['unmapped CSV columns', ['--file', join(EXAMPLES, 'users.csv')], /columns "id", "email", "plan", "signup_day" that map to no request field/],
    ['a bad expiration', ['--file', 'x.ndjson', '--idempotency-expiration', '2y'], /--idempotency-expiration must be a duration/],
    // trycourier/docs idempotent-requests.mdx: "The minimum value that can be set is 24 hours."
    ["an expiration under Courier's 24 h", ['--file', 'x.ndjson', '--idempotency-expiration', '23h'], /between 24 hours and 1 year from now/],
    ["an expiration past Courier's year", ['--file', 'x.ndjson', '--idempotency-expiration', '366d'], /between 24 hours and 1 year from now/],
  ])('exits 2 on %s and says what to fix', async (_name, args, message) => {
    const run = await cli(['invoke', 'welcome', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(server.requests).toHaveLength(0);
  });

  it('exits 2 without an API key, naming COURIER_API_KEY', async () => {
    const run = await runCli(['invoke', 'welcome', '--file', join(EXAMPLES, 'users.ndjson')], { baseUrl: server.url });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('COURIER_API_KEY');
  });
});

describe('journeykit invoke --dry-run', () => {
  it('reports every bad line with its line number, field path and column, sends nothing, exit 1', async () => {
    const file = files.write(
      'bad.csv',
      ['id,email,plan', 'u1,a@example.com,pro', 'u2,b@example.com', ',,free', 'u4,d@example.com,team', ',e@example.com,pro'].join('\n'),
    );
    const out = files.path('dry.ndjson');
    const run = await cli([
      'invoke',
      'welcome',
      '--file',
      file,
      '--user-id-column',
      'id',
      '--profile',
      'email',
      '--data',
      'plan',
      '--dry-run',
      '--out',
      out,
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n').filter((l) => l.startsWith('line '))).toEqual([
      // csv-parse's own "on line N" is left out: it counts a quoted CRLF as two lines.
      'line 3: not a valid CSV record (Invalid Record Length: columns length is 3, got 2)',
      expect.stringMatching(/^line 4: \(request\): no user to send to/),
    ]);
    expect(run.stdout).toMatch(/valid\s+3/);
    expect(run.stdout).toMatch(/invalid\s+2/);
    expect(run.stdout).toContain('Nothing was sent.');
    expect(server.requests).toHaveLength(0);
    expect(ndjson(files.read('dry.ndjson'))).toHaveLength(5);
  });

  it('names the field path of nested problems in NDJSON, and the column a field came from', async () => {
    const file = files.write('bad.ndjson', '{"user_id":"u1","data":[1]}\n\n{"user_id":"u3","profile":[]}\n{"k":"caf\u00e9","user_id":"u4"}\n');
    const run = await cli(['invoke', 'welcome', '--file', file, '--key-column', 'k', '--dry-run']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('line 1: options.idempotencyKey (column k): the key column "k" is empty or not a string');
    expect(run.stdout).toContain('line 3: options.idempotencyKey (column k)');
    expect(run.stdout).toMatch(/line 4: options\.idempotencyKey \(column k\): .*printable ASCII/);
    const plain = await cli(['invoke', 'welcome', '--file', file, '--dry-run']);
    expect(plain.stdout).toContain('line 1: data: must be a plain object, got an array');
    expect(plain.stdout).toContain('line 3: profile: must be a plain object, got an array');
    const mapped = files.write('mapped.ndjson', '{"uid":5}\n');
    const byColumn = await cli(['invoke', 'welcome', '--file', mapped, '--user-id-column', 'uid', '--dry-run']);
    expect(byColumn.stdout).toContain('line 1: user_id (column uid): must be a string');
  });

  it('exits 0 when every line is valid, without an API key', async () => {
    const run = await runCli(['invoke', 'welcome', '--file', join(EXAMPLES, 'users.ndjson'), '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Every line is valid; nothing was sent.');
  });
});

describe('journeykit invoke: progress, rate, expiration, Ctrl-C', () => {
  it('prints plain progress lines with rate and ETA when stderr is not a terminal, and honours --rate-per-second', async () => {
    const file = files.write('rated.ndjson', Array.from({ length: 30 }, (_, i) => `{"user_id":"u${i}"}`).join('\n'));
    const started = performance.now();
    const run = await cli(['invoke', 'welcome', '--file', file, '--rate-per-second', '20', '--progress-interval-ms', '300']);
    expect(run.code).toBe(0);
    // 30 lines at 20/s: at least 1.45 s (a loaded machine is late, never early).
    expect(performance.now() - started).toBeGreaterThan(1400);
    expect(run.stderr).toMatch(/progress: \d+\/30 \(\d+\.\d%\) lines, \d+ lines\/s, ETA \d/);
    expect(server.invocations).toHaveLength(30);
  });

  it('--idempotency-expiration sends X-Idempotency-Expiration on every request', async () => {
    const plain = await startLocalServer((_req, res) => json(res, 200, { runId: `run-${plain.requests.length}` }));
    try {
      const run = await runCli(['invoke', 'welcome', '--file', join(EXAMPLES, 'users.ndjson'), '--idempotency-expiration', '7d'], {
        baseUrl: plain.url,
        apiKey: API_KEY,
      });
      expect(run.code).toBe(0);
      expect(plain.requests).toHaveLength(5);
      const week = Date.now() + 7 * 86_400_000;
      for (const { headers } of plain.requests) {
        // Sent as ISO 8601, the one form Courier's docs and its SDK read alike.
        expect(headers['x-idempotency-expiration']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        expect(Math.abs(Date.parse(headers['x-idempotency-expiration'] as string) - week)).toBeLessThan(120_000);
        // journeykit's prefix, like every key journeykit makes up, then the derivation's version and its hash.
        expect(headers['idempotency-key']).toMatch(/^journeykit-line1-[0-9a-f]{64}$/);
      }
    } finally {
      await plain.close();
    }
  });

  it.each([
    ['SIGINT', 130, 'Ctrl-C'],
    ['SIGTERM', 143, 'SIGTERM'],
  ] as const)(
    '%s starts no new line, lets the ones in flight finish, says how far it got, exits %i; a re-run finishes the rest',
    async (signal, code, name) => {
      const lines = 400;
      const file = files.write('interrupt.ndjson', Array.from({ length: lines }, (_, i) => `{"user_id":"u${i}"}`).join('\n'));
      server.inject({ kind: 'delay', durationMs: 40 }, { times: Infinity });
      const out = files.path('interrupted.ndjson');
      const run = startCli(['invoke', 'welcome', '--file', file, '--concurrency', '4', '--out', out], { baseUrl: server.url, apiKey: API_KEY });
      while (server.invocations.length < 20) await new Promise((r) => setTimeout(r, 10));
      run.child.kill(signal);
      const result = await run.done;
      expect(result.code).toBe(code);
      const stopped = new RegExp(`Stopped \\(${name}\\) after line (\\d+): lines after it were not started\\.`).exec(result.stdout);
      expect(stopped).not.toBeNull();
      expect(result.stderr).toContain(`${signal}: starting no new lines`);
      // In-flight lines settled: every request the server saw was answered, and each run is in the results file.
      const started = ndjson<{ ok: boolean; line: number }>(files.read('interrupted.ndjson'));
      expect(started.every((r) => r.ok)).toBe(true);
      expect(started.length).toBe(server.invocations.length);
      expect(Math.max(...started.map((r) => r.line))).toBe(Number(stopped?.[1]));
      expect(server.requests.every((r) => r.status === 200)).toBe(true);
      expect(server.invocations.length).toBeLessThan(lines);

      const rest = await cli(['invoke', 'welcome', '--file', file, '--concurrency', '16']);
      expect(rest.code).toBe(0);
      expect(server.invocations).toHaveLength(lines);
      expect(new Set(server.invocations.map((i) => i.userId)).size).toBe(lines);
    },
  );

  it('a second Ctrl-C leaves at once; the lines it left in flight start exactly once on the re-run', async () => {
    const lines = 40;
    const file = files.write('twice.ndjson', Array.from({ length: lines }, (_, i) => `{"user_id":"t${i}"}`).join('\n'));
    // Every request is held 4 s (its key counts as executing meanwhile), so lines are in flight when the process leaves.
    const slow = server.inject({ kind: 'delay', durationMs: 4000 }, { times: 1000 });
    const run = startCli(['invoke', 'welcome', '--file', file, '--concurrency', '4'], { baseUrl: server.url, apiKey: API_KEY });
    // Requests have reached the server (each takes one use of the fault): the command is running.
    while (slow.remaining > 1000 - 4) await new Promise((r) => setTimeout(r, 10));
    const signalled = performance.now();
    run.child.kill('SIGINT');
    // The first Ctrl-C has been handled (the command says so) before the second.
    while (!run.stderr().includes('SIGINT: starting no new lines')) await new Promise((r) => setTimeout(r, 10));
    run.child.kill('SIGINT');
    const result = await run.done;
    // Waiting for the lines in flight would take until their 4 s are up; the bound leaves room for a loaded machine.
    expect(performance.now() - signalled).toBeLessThan(3000);
    expect(result.code).toBe(130);
    expect(result.stdout).toContain('SIGINT twice, without waiting for lines in flight');
    slow.cancel();
    // The re-run meets the abandoned lines still executing (409, retried) or done (replayed): none starts twice.
    // The abandoned lines are held for up to 4 s more: retries enough to outlast that, whatever the backoff's jitter.
    const rest = await cli(['invoke', 'welcome', '--file', file, '--max-retries', '8']);
    expect(rest.code).toBe(0);
    expect(server.invocations).toHaveLength(lines);
    expect(new Set(server.invocations.map((i) => i.userId)).size).toBe(lines);
  });
});
