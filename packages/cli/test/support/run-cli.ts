import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built command, as users run it (the tests run after `pnpm build`). */
export const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
export const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

export interface CliRun {
  child: ChildProcessWithoutNullStreams;
  /** Settles when the process exits. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** Output so far. */
  stdout(): string;
  stderr(): string;
}

/** How a test starts the command. */
export interface CliOptions {
  baseUrl?: string;
  apiKey?: string;
  /** Written to the command's stdin (a pipe), which is then closed unless `keepStdinOpen`. */
  stdin?: string;
  /** Leave stdin open after `stdin` was written: a producer that has gone quiet. */
  keepStdinOpen?: boolean;
  env?: Record<string, string>;
  /** Node options before the script (`--import` a preload). */
  nodeArgs?: string[];
}

/** Starts `journeykit <args>` with COURIER_* pointing at `baseUrl` (a real child process). */
export function startCli(args: string[], options: CliOptions = {}): CliRun {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), ...options.env };
  delete env.COURIER_API_KEY;
  delete env.COURIER_BASE_URL;
  if (options.baseUrl !== undefined) env.COURIER_BASE_URL = options.baseUrl;
  if (options.apiKey !== undefined) env.COURIER_API_KEY = options.apiKey;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], { env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  if (options.keepStdinOpen === true) child.stdin.write(options.stdin ?? '');
  else child.stdin.end(options.stdin);
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done, stdout: () => stdout, stderr: () => stderr };
}

export function runCli(args: string[], options: CliOptions = {}): CliRun['done'] {
  return startCli(args, options).done;
}

/** A temporary folder for input and output files, removed by `cleanup()`. */
export function scratch(): { path(name: string): string; write(name: string, text: string): string; read(name: string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'journeykit-cli-'));
  return {
    path: (name) => join(dir, name),
    write: (name, text) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    },
    read: (name) => readFileSync(join(dir, name), 'utf8'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The JSON objects of an NDJSON text. */
export function ndjson<T = Record<string, unknown>>(text: string): T[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

/** Settles with the run's outcome, or with undefined when it is still running after `ms` (then it is killed). */
export async function exitWithin(run: CliRun, ms: number): Promise<Awaited<CliRun['done']> | undefined> {
  const outcome = await Promise.race([run.done, new Promise<undefined>((r) => setTimeout(() => r(undefined), ms))]);
  if (outcome === undefined) run.child.kill('SIGKILL');
  return outcome;
}
