import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A sample app's `dist/main.js`, running as its README says to run it. */
export interface SampleMain {
  /** Where it listens, from its "listening on <url>" line. */
  readonly url: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Sends SIGTERM and resolves with the exit code (0: it closed every server, socket and pool itself). */
  stop(): Promise<number | null>;
}

/**
 * Starts a sample's built `main.js` with `PORT=0` and no `COURIER_API_KEY` (so on its embedded fake
 * Courier server) and resolves once it has said where it listens and that it uses the fake server
 * ("fake Courier"); rejects, with its output, if it exits first or says neither within 15 s.
 *
 * @example
 * ```ts
 * const main = await startSampleMain(new URL('../dist/main.js', import.meta.url));
 * expect((await fetch(`${main.url}/health`)).status).toBe(200);
 * expect(await main.stop()).toBe(0);
 * ```
 */
export async function startSampleMain(main: URL): Promise<SampleMain> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0' };
  delete env.COURIER_API_KEY;
  delete env.COURIER_BASE_URL;
  const child = spawn(process.execPath, [fileURLToPath(main)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${main.pathname} did not say it listens on the fake Courier server within 15 s:\n${output}`));
    }, 15_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const listening = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (listening && output.includes('fake Courier')) {
        clearTimeout(timer);
        resolve(listening[1]!);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${main.pathname} exited (${code}) before listening:\n${output}`));
    });
  });
  return {
    url,
    output: () => output,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
