import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readlinkSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useFakeCourier } from './support/fake-courier.js';
import { BIN, EXAMPLES, exitWithin, runCli, startCli, type CliOptions, type CliRun } from './support/run-cli.js';

// Issue 23: inputs that are not regular files (a pipe given as a path, a named FIFO, a quiet stdin),
// signals that must end the command whatever the input is doing, and the file's own line numbers.
const API_KEY = 'sk_test_cli_inputs';
const { server, files, options } = useFakeCourier(API_KEY);
const lines = (n: number, prefix = 'u') => Array.from({ length: n }, (_, i) => `{"user_id":"${prefix}${i}"}\n`).join('');

function mkfifo(name: string): string {
  const path = files.path(name);
  execFileSync('mkfifo', [path]);
  return path;
}

/** Whether the process holds `path` open (Linux: /proc/<pid>/fd). */
function holdsOpen(pid: number, path: string): boolean {
  const dir = `/proc/${pid}/fd`;
  if (!existsSync(dir)) return false;
  return readdirSync(dir).some((fd) => {
    try {
      return readlinkSync(join(dir, fd)) === path;
    } catch {
      return false;
    }
  });
}

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const end = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > end) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

describe('journeykit invoke: inputs that are not regular files are read once', () => {
  it('--file /dev/stdin on a pipe starts every line (the line count used to eat the input: 0 started, exit 0)', async () => {
    const run = await runCli(['invoke', 'welcome', '--file', '/dev/stdin'], options({ stdin: lines(5) }));
    expect(run.stdout).toMatch(/lines read\s+5/);
    expect(run.code).toBe(0);
    expect(server.invocations).toHaveLength(5);
  });

  it.each([
    ['--file <(cat users.ndjson) (bash process substitution: /dev/fd/63, a pipe)', '"$NODE" "$BIN" invoke welcome --file <(cat "$INPUT")'],
    ['--file /dev/stdin with a real pipe on stdin', 'cat "$INPUT" | "$NODE" "$BIN" invoke welcome --file /dev/stdin'],
  ])('%s starts every line, once', async (_name, script) => {
    const input = files.write('piped.ndjson', lines(6, 'p'));
    const child = spawn('bash', ['-c', script], {
      env: { ...process.env, NODE: process.execPath, BIN, INPUT: input, COURIER_BASE_URL: server.url, COURIER_API_KEY: API_KEY },
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stdout).toMatch(/lines read\s+6/);
    expect(stdout).toMatch(/started\s+6/);
    expect(code).toBe(0);
    expect(server.invocations).toHaveLength(6);
  });

  it('--file <named FIFO> starts every line written to it (it used to hang for good)', async () => {
    const fifo = mkfifo('users.fifo');
    const run = startCli(['invoke', 'welcome', '--file', fifo], options());
    await writeFile(fifo, lines(7)); // opens when the command opens its end, writes, closes: end of input
    const result = await exitWithin(run, 10_000);
    expect(result, 'still running 10 s after the writer closed the FIFO').toBeDefined();
    expect(result?.code).toBe(0);
    expect(server.invocations).toHaveLength(7);
  });

  it.each([
    ['an empty file', (): string => files.write('empty.ndjson', ''), [] as string[], {}],
    ['only blank lines', (): string => files.write('blank.ndjson', '\n\n  \n'), [], {}],
    ['an empty stdin', (): string => '-', [], { stdin: '' }],
    ['a CSV file with only its header', (): string => files.write('header.csv', 'user_id\n'), [], {}],
  ] as const)('%s: nothing read, nothing started, never reported as success', async (_name, file, extra, stdin) => {
    const run = await runCli(['invoke', 'welcome', '--file', file(), ...extra], options(stdin));
    expect(run.stdout).not.toContain('Every line started');
    expect(run.stdout).toContain('No lines were read');
    expect(run.code).toBe(1);
    expect(server.requests).toHaveLength(0);
  });
});

describe('journeykit invoke: a signal ends the command whatever the input is doing, with the summary', () => {
  const signals = [
    ['SIGINT', 130, 'Ctrl-C'],
    ['SIGTERM', 143, 'SIGTERM'],
  ] as const;

  it.each(signals)('%s while stdin (--file -) is open and quiet: exits %i within 3 s', async (signal, code, name) => {
    const run = startCli(['invoke', 'welcome', '--file', '-'], options({ stdin: lines(2), keepStdinOpen: true }));
    // Both lines answered (the server records a request once it has answered it): the command now waits on stdin.
    const answered = () => server.requests.filter((r) => r.endpoint === 'invoke' && r.status === 200).length === 2;
    expect(await until(answered, 10_000), 'the first two lines never started').toBe(true);
    run.child.kill(signal);
    const result = await exitWithin(run, 3000);
    expect(result, `still running 3 s after ${signal}`).toBeDefined();
    expect(result?.code).toBe(code);
    expect(result?.stdout).toMatch(new RegExp(`Stopped \\(${name}\\) after line 2: lines after it were not started\\.`));
    expect(result?.stdout).toMatch(/started\s+2/);
  });

  it.each(signals)('%s while a named FIFO has no writer: exits %i within 3 s (it used to survive SIGTERM twice)', async (signal, code, name) => {
    const fifo = mkfifo(`quiet-${signal}.fifo`);
    const run: CliRun = startCli(['invoke', 'welcome', '--file', fifo], options());
    // Opened means running with its handlers in place; a command that never opens it is signalled after 2 s anyway.
    await until(() => run.child.pid !== undefined && holdsOpen(run.child.pid, fifo), 2000);
    run.child.kill(signal);
    const result = await exitWithin(run, 3000);
    expect(result, `still running 3 s after ${signal}`).toBeDefined();
    expect(result?.code).toBe(code);
    expect(result?.stdout).toContain(`Stopped (${name}) before any line was started.`);
    expect(server.requests).toHaveLength(0);
  });
});

describe("journeykit invoke: CSV line numbers are the file's", () => {
  it('a quoted field holding CRLF does not shift the lines after it', async () => {
    // Line 1 header, lines 2-3 one record (a quoted CRLF), line 4 blank, line 5 a record with no user.
    const file = files.write('crlf.csv', 'user_id,data.note\r\nu1,"two\r\nlines"\r\n\r\n,x\r\nu6,y\r\n');
    const run = await runCli(['invoke', 'welcome', '--file', file, '--dry-run']);
    expect(run.stdout).toMatch(/^line 5: \(request\): no user to send to/m);
    expect(run.stdout.match(/^line \d+/gm)).toEqual(['line 5']);
    expect(run.stdout).toMatch(/valid\s+2/);
  });

  it('an unclosed quote is reported at the line it opens on, and the lines it swallowed are named', async () => {
    const file = files.write('unclosed.csv', 'user_id,data.note\nu1,ok\nu2,"broken\nu4,fine\n');
    const run = await runCli(['invoke', 'welcome', '--file', file], options());
    expect(run.stderr).toMatch(/^line 3: a quote opened on line 3 is never closed: lines 3 to 4 were read as one field and not started/m);
    expect(run.stderr).not.toMatch(/^line 4/m);
    expect(run.code).toBe(1);
    expect(server.invocations.map((i) => i.request.user_id)).toEqual(['u1']);
  });

  it('a record with the wrong number of fields is reported at its own line, in order', async () => {
    const file = files.write('columns.csv', 'user_id,data.note\n\nu1,ok,extra\nu2,fine\n');
    const run = await runCli(['invoke', 'welcome', '--file', file, '--dry-run', '--out', files.path('columns.out')]);
    expect(run.stdout).toMatch(/^line 3: not a valid CSV record/m);
    expect(
      files
        .read('columns.out')
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { line: number }).line),
    ).toEqual([3, 4]);
  });
});

describe('journeykit invoke: plain http to a host that is not loopback', () => {
  // `courier.test` resolves to 127.0.0.1 inside the command only (a preloaded lookup): no outside address is used.
  const resolveCourierTest = fileURLToPath(new URL('./support/resolve-courier-test.mjs', import.meta.url));
  const viaName = (extra: CliOptions = {}): CliOptions => ({
    baseUrl: server.url.replace('127.0.0.1', 'courier.test'),
    apiKey: API_KEY,
    nodeArgs: [`--import=${resolveCourierTest}`],
    ...extra,
  });
  const file = join(EXAMPLES, 'users.ndjson');

  it('is refused with exit 2, and the message names the command line flag and variable', async () => {
    const run = await runCli(['invoke', 'welcome', '--file', file], viaName());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--allow-insecure-http');
    expect(run.stderr).toContain('JOURNEYKIT_ALLOW_INSECURE_HTTP=1');
    expect(run.stderr).not.toContain('allowInsecureHttp: true');
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ['--allow-insecure-http', ['--allow-insecure-http'], {}],
    ['JOURNEYKIT_ALLOW_INSECURE_HTTP=1', [], { JOURNEYKIT_ALLOW_INSECURE_HTTP: '1' }],
  ])('is allowed by %s: every line starts', async (_name, flags, env) => {
    const run = await runCli(['invoke', 'welcome', '--file', file, ...flags], viaName({ env }));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(server.invocations).toHaveLength(5);
  });
});
