import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** A sample app's `dist/main.js` running in a child Node process; see {@link startSampleMain}. */
export interface SampleMain {
  /** Where it said it listens. */
  url: string;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts a sample app's entry as `npm start` would, on a free port and without COURIER_API_KEY (so on
 * its embedded fake Courier), and waits until it prints `listening on http://127.0.0.1:<port>`.
 *
 * @example
 * ```ts
 * const main = await startSampleMain(new URL('../dist/main.js', import.meta.url));
 * await fetch(`${main.url}/health`);
 * await main.stop(); // 0
 * ```
 */
export async function startSampleMain(file: URL, timeoutMs = 15_000): Promise<SampleMain> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0' };
  delete env.COURIER_API_KEY;
  const child = spawn(process.execPath, [fileURLToPath(file)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = once(child, 'exit') as Promise<[number | null]>;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${fileURLToPath(file)} did not say where it listens within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (found === undefined) return;
      clearTimeout(timer);
      resolve(found);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    void exited.then(([code]) => reject(new Error(`${fileURLToPath(file)} exited with ${String(code)} before listening:\n${output}`)));
  });
  return {
    url,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      const [code] = await exited;
      return code;
    },
  };
}
