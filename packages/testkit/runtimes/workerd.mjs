// workerd for the runtime proof: worker.mjs bundled the way wrangler would (esbuild, the `workerd` condition,
// so core's fetch build), served by the given workerd binary on 127.0.0.1 (port chosen by workerd).
// Two things the config must say, neither a transport matter: `nodejs_compat` (core's fetch build imports
// node:buffer and reads process.env) and an outbound network that allows loopback
// (workerd's default reaches public addresses only, and the fake server is on 127.0.0.1).
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const config = (bindings) => `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "2025-09-01",
  compatibilityFlags = ["nodejs_compat"],
  globalOutbound = "loopback",
  bindings = [${Object.entries(bindings)
    .map(([name, text]) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(text)})`)
    .join(', ')}],
);
`;

/**
 * Starts workerd with the bundled worker; `call(what, base)` asks it for one scenario's outcome. `entry` (a file
 * URL, default worker.mjs) and `bindings` (text bindings, the worker's `env`) let another package's proof run
 * its own worker the same way (packages/hono/runtimes/).
 */
export async function startWorkerd(binary, { entry = new URL('./worker.mjs', import.meta.url), bindings = {} } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'journeykit-workerd-'));
  await build({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd'],
    mainFields: ['module', 'main'],
    external: ['node:*'],
    outfile: join(dir, 'worker.js'),
    logLevel: 'error',
  });
  await writeFile(join(dir, 'config.capnp'), config(bindings));
  const child = spawn(binary, ['serve', 'config.capnp'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const origin = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`workerd did not start within 10 s:\n${output}`)), 10_000);
    const read = (chunk) => {
      output += chunk;
      const listening = /Listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (listening) {
        clearTimeout(timer);
        resolve(listening[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`workerd exited (${code}):\n${output}`)));
  }).finally(() => {
    child.stdout.removeAllListeners('data');
    child.stderr.removeAllListeners('data');
  });
  return {
    origin,
    call: async (what, base) => {
      const response = await fetch(`${origin}/?what=${what}&base=${encodeURIComponent(base)}`);
      return response.json();
    },
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      // workerd drains before it exits on SIGTERM; the proof has nothing left to drain.
      const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await exited;
      clearTimeout(timer);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
