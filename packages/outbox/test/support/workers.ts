import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { databaseUrl } from '@journeykit/test-support/postgres';

const script = fileURLToPath(new URL('./worker-child.mjs', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  /** Lines printed so far. */
  lines: string[];
  /** Resolves when a line equal to `line` has been printed (`count` times). */
  waitForLine(line: string, count?: number, timeoutMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startWorker(env: { schema: string; courierUrl: string; apiKey: string; mode?: string; concurrency?: number }): WorkerProcess {
  const child = spawn(process.execPath, [script], {
    env: {
      ...process.env,
      JOURNEYKIT_TEST_DATABASE_URL: databaseUrl(),
      OUTBOX_SCHEMA: env.schema,
      COURIER_BASE_URL: env.courierUrl,
      COURIER_API_KEY: env.apiKey,
      WORKER_MODE: env.mode ?? 'normal',
      WORKER_CONCURRENCY: String(env.concurrency ?? 2),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts);
    for (const wake of waiters) wake();
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      for (const wake of waiters) wake();
      resolve({ code, signal });
    }),
  );
  return {
    child,
    lines,
    exited,
    waitForLine(line, count = 1, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (lines.filter((l) => l === line).length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          } else if (child.exitCode !== null || child.signalCode !== null) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`worker exited before printing "${line}" x${count}; stderr:\n${stderr}`));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`worker did not print "${line}" x${count} within ${timeoutMs} ms; stderr:\n${stderr}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}
