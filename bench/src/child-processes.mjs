/**
 * The two kinds of child process: the invoke server (one per bench run) and a client
 * measurement (one per run of one implementation). Both exit by themselves; the runner only
 * kills a client that overran its deadline by far.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Starts the invoke server process. @returns {Promise<{ url: string, stats(): Promise<{ requests: number }>, stop(): Promise<void> }>} */
export async function startInvokeServer() {
  const child = fork(fileURLToPath(new URL('./invoke-server.mjs', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise((resolve, reject) => {
    child.once('message', (/** @type {any} */ msg) => resolve(msg.url));
    child.once('exit', (code) => reject(new Error(`invoke server exited early (${code})`)));
  });
  return {
    url: /** @type {string} */ (url),
    stats: () =>
      new Promise((resolve) => {
        child.once('message', resolve);
        child.send({ type: 'stats' });
      }),
    stop: async () => {
      if (child.connected) child.send({ type: 'stop' });
      await exited;
    },
  };
}

/**
 * Runs one measurement in a fresh process and returns what it reported.
 * @param {object} config see client-child.mjs
 * @param {{ execArgv?: string[], timeoutMs: number }} how
 */
export function runClientChild(config, { execArgv = [], timeoutMs }) {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./client-child.mjs', import.meta.url)), [JSON.stringify(config)], {
      execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    /** @type {any} */
    let report;
    // Last resort only: the child exits by itself once it has reported.
    const watchdog = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('message', (msg) => (report = msg));
    child.once('exit', (code, signal) => {
      clearTimeout(watchdog);
      if (report?.type === 'result') resolve(report);
      else reject(new Error(report?.message ?? `client process ended without a result (code ${code}, signal ${signal})`));
    });
  });
}
