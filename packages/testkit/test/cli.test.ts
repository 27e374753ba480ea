/**
 * The `journeykit-fake-courier` bin, as a child process: it prints its URL, serves an invoke
 * over HTTP, logs it, and exits cleanly on SIGTERM even with a keep-alive connection open.
 * Runs the built file (the package's `test` task builds first).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { JourneysClient } from '@journeykit/core';
import { RUN_ID_PATTERN } from '../src/index.js';
import { DEFINITIONS } from './support/journey-definitions.js';
import { call } from './support/undici.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { bin: Record<string, string> };
const BIN = fileURLToPath(new URL(`../${pkg.bin['journeykit-fake-courier']}`, import.meta.url));

interface Running {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  waitFor: (pattern: RegExp) => Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}
const started: Running[] = [];

function startBin(args: string[]): Running {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: 'pipe' });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    for (const l of listeners) l();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const m = pattern.exec(out);
        if (m) {
          listeners.delete(check);
          clearTimeout(timer);
          resolve(m);
        }
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`timed out waiting for ${pattern} in:\n${out}`));
      }, 10_000);
      listeners.add(check);
      check();
    });
  const running = { child, output: () => out, waitFor, exited };
  started.push(running);
  return running;
}

afterEach(() => {
  // Only the children this file started, by their own handle.
  for (const r of started.splice(0)) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
});

describe('journeykit-fake-courier', () => {
  it('is built with a node shebang', () => {
    expect(existsSync(BIN)).toBe(true);
    expect(readFileSync(BIN, 'utf8').split('\n', 1)[0]).toBe('#!/usr/bin/env node');
  });

  it('serves an invoke over HTTP, logs it, and exits 0 on SIGTERM with a keep-alive socket open', async () => {
    const bin = startBin(['--port', '0', '--api-key', 'sk_cli_secret', '--seed', '7']);
    const [, url] = await bin.waitFor(/Fake Courier listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const client = new JourneysClient({ apiKey: 'sk_cli_secret', baseUrl: url as string });
    const { runId } = await client.invoke('welcome', { user_id: 'u1' }, { idempotencyKey: 'cli-1' });
    expect(runId).toMatch(RUN_ID_PATTERN);
    await bin.waitFor(new RegExp(`POST /journeys/welcome/invoke -> 200 created runId=${runId} key=cli-1 user=u1`));

    // The client's pool still holds a keep-alive connection: the server must not wait for it.
    bin.child.kill('SIGTERM');
    const exit = await bin.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(bin.output()).toContain('Received SIGTERM, stopping the fake Courier');
    expect(bin.output()).toContain('Fake Courier stopped');
    expect(bin.output()).toContain(`COURIER_BASE_URL=${url}`);
    expect(bin.output()).toContain('accepts the API key given by --api-key');
    expect(bin.output()).not.toContain('sk_cli_secret');
    await client.close();
  });

  it('prints the console URL, echoes no token it was given, and serves no console with --no-console', async () => {
    const open = startBin([]);
    const [, url] = await open.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    await open.waitFor(new RegExp(`console: ${url}/_console/\n`));
    expect((await fetch(`${url}/_console/`)).status).toBe(200);

    const given = startBin(['--console-token', 'tok_cli_console_secret']);
    const [, url2] = await given.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    await given.waitFor(/console: \S+\?token=<the token given by --console-token>/);
    expect(given.output()).not.toContain('tok_cli_console_secret');
    expect((await fetch(`${url2}/_console/`)).status).toBe(401);
    expect((await fetch(`${url2}/_console/?token=tok_cli_console_secret`, { redirect: 'manual' })).status).toBe(303);

    const off = startBin(['--no-console']);
    const [, url3] = await off.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    await off.waitFor(/console: off \(--no-console\)/);
    expect((await fetch(`${url3}/_console/`)).status).toBe(404);
  });

  it('serves the journeys of --journey-definitions, and says what is wrong with a bad file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-courier-defs-'));
    try {
      const file = join(dir, 'journeys.json');
      writeFileSync(file, JSON.stringify(DEFINITIONS));
      const bin = startBin(['--journey-definitions', file]);
      const [, url] = await bin.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      const res = await call(url as string, '/journeys/welcome/versions');
      expect(res.status).toBe(200);
      expect(res.body.results.map((v: { version: string }) => v.version)).toEqual(['v2', 'v1']);

      writeFileSync(file, '[{ "id": "x" }]');
      const bad = startBin(['--journey-definitions', file]);
      expect((await bad.exited).code).toBe(1);
      expect(bad.output()).toMatch(/journeyDefinitions\[0\]\.name must be a string/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("--strict-trigger-schemas: data that fails its journey's trigger schema is a 400 that says why", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-courier-strict-'));
    try {
      const file = join(dir, 'journeys.json');
      const schema = { type: 'object', properties: { plan: { enum: ['free', 'pro'] } }, required: ['plan'] };
      writeFileSync(
        file,
        JSON.stringify([{ id: 'signup', name: 'Signup', nodes: [{ id: 't', type: 'trigger', trigger_type: 'api-invoke', schema }] }]),
      );
      const bin = startBin(['--journey-definitions', file, '--strict-trigger-schemas']);
      const [, url] = await bin.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      const headers = { authorization: 'Bearer test-key', 'content-type': 'application/json' };
      const res = await fetch(`${url}/journeys/signup/invoke`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ user_id: 'u1', data: { plan: 'gold' } }),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toContain('data.plan: must be one of "free", "pro"');
      await bin.waitFor(/-> 400 rejected .*data failed the trigger schema of journey "signup"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('moves runs through the statuses --run-statuses gives, and serves the run reads and cancel', async () => {
    // A wide window: on a loaded machine the cancel must still land before the scripted finish.
    const bin = startBin(['--run-statuses', 'PROCESSING,PROCESSED@1500']);
    const [, url] = await bin.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const headers = { authorization: 'Bearer test-key', 'content-type': 'application/json' };
    const invoke = () => fetch(`${url}/journeys/welcome/invoke`, { method: 'POST', headers, body: JSON.stringify({ user_id: 'u1' }) });
    const { runId: early } = (await (await invoke()).json()) as { runId: string };
    const { runId: late } = (await (await invoke()).json()) as { runId: string };
    const canceled = await fetch(`${url}/journeys/cancel`, { method: 'POST', headers, body: JSON.stringify({ run_id: early }) });
    expect(await canceled.json()).toEqual({ run_id: early, status: 'CANCELED' });
    // The late run finishes on the script (1.5 s after its start): poll until it reads PROCESSED.
    const status = async () => ((await (await fetch(`${url}/journeys/runs/${late}`, { headers })).json()) as { run: { status: string } }).run.status;
    const deadline = Date.now() + 10_000;
    while ((await status()) !== 'PROCESSED' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await status()).toBe('PROCESSED');
    await bin.waitFor(new RegExp(`GET /journeys/runs/${late} -> 200 answered runId=${late} status=PROCESSED`));
    bin.child.kill('SIGTERM');
    expect(await bin.exited).toEqual({ code: 0, signal: null });
  });

  it('stops on SIGINT too, and accepts the default key', async () => {
    const bin = startBin([]);
    const [, url] = await bin.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    expect(bin.output()).toContain('accepts the default API key "test-key"');
    const res = await fetch(`${url}/journeys/welcome/invoke`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-key', 'content-type': 'application/json' },
      body: JSON.stringify({ profile: { email: 'a@example.com' } }),
    });
    expect(res.status).toBe(200);
    await bin.waitFor(/-> 200 created runId=1-[0-9a-f]{8}-[0-9a-f]{24} user=\(contact info\)/);
    bin.child.kill('SIGINT');
    expect(await bin.exited).toEqual({ code: 0, signal: null });
  });

  it('listens on the interface --host names (another loopback address here), and says so in its URL', async () => {
    const bin = startBin(['--host', '127.0.0.2']);
    const [, url] = await bin.waitFor(/listening on (http:\/\/127\.0\.0\.2:\d+)/);
    const res = await fetch(`${url}/journeys/welcome/invoke`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-key', 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: 'u1' }),
    });
    expect(res.status).toBe(200);
    // Not on 127.0.0.1: it listens where it was told, nowhere else.
    const port = new URL(url as string).port;
    await expect(fetch(`http://127.0.0.1:${port}/journeys/welcome/invoke`, { method: 'POST' })).rejects.toThrow();
    bin.child.kill('SIGTERM');
    expect(await bin.exited).toEqual({ code: 0, signal: null });
  });

  it.each([
    [['--port', 'abc'], 2, /--port must be a whole number, got "abc"[\s\S]*Usage: journeykit-fake-courier/],
    [['--bogus'], 2, /Unknown option '--bogus'/],
    [['--help'], 0, /^Usage: journeykit-fake-courier/],
    [['--port', '70000'], 1, /could not start: port must be a whole number from 0 to 65535/],
    [['--help'], 0, /--max-records <n>[\s\S]*--max-idempotency-keys <n>[\s\S]*--idempotency-key-ttl-ms <n>/],
    [['--max-records', 'many'], 2, /--max-records must be a whole number, got "many"/],
    [['--max-idempotency-keys', '0'], 1, /could not start: maxIdempotencyKeys must be a positive whole number, got 0/],
    [
      ['--run-statuses', 'PROCESSING,DONE@soon'],
      2,
      /--run-statuses must look like PROCESSING,WAITING@500,PROCESSED@2000, got "PROCESSING,DONE@soon"/,
    ],
    [['--run-statuses', 'PROCESSED@100,PROCESSING@50'], 1, /could not start: runStatuses\[1\]\.afterMs \(50\) comes before the previous step/],
    [['--help'], 0, /POST \/journeys\/cancel[\s\S]*--run-statuses <list>/],
  ])('%j exits %i with a clear message', async (args, code, message) => {
    const bin = startBin(args);
    expect((await bin.exited).code).toBe(code);
    expect(bin.output()).toMatch(message);
  });
});
