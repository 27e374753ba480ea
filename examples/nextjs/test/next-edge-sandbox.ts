import assert from 'node:assert';
import async_hooks from 'node:async_hooks';
import buffer from 'node:buffer';
import events from 'node:events';
import util from 'node:util';
import { EdgeRuntime } from 'edge-runtime';
import { build } from 'esbuild';

/**
 * Vercel's edge runtime (the `edge-runtime` package, the VM Next runs edge code in during `next dev`
 * and `next start`) with what Next adds to it, copied from Next 16's
 * `next/dist/server/web/sandbox/context.js` (`createModuleContext`): `process` holds `env` only, and
 * `require` serves five Node modules, each cut down to the names Next picks; any other (node:crypto,
 * node:http...) is "Native module not found"; `performance` and `AsyncLocalStorage` are Node's. No
 * `Buffer` global.
 */
const NEXT_NATIVE_MODULES = new Map<string, object>([
  ['node:buffer', pick(buffer, ['constants', 'kMaxLength', 'kStringMaxLength', 'Buffer', 'SlowBuffer'])],
  ['node:events', pick(events, ['EventEmitter', 'captureRejectionSymbol', 'defaultMaxListeners', 'errorMonitor', 'listenerCount', 'on', 'once'])],
  ['node:async_hooks', pick(async_hooks, ['AsyncLocalStorage', 'AsyncResource'])],
  ['node:assert', pick(assert, ['AssertionError', 'deepEqual', 'deepStrictEqual', 'equal', 'fail', 'ok', 'strict', 'strictEqual', 'throws'])],
  ['node:util', pick(util, ['callbackify', 'format', 'inherits', 'promisify', 'types'])],
]);

function pick(from: object, names: string[]): object {
  return Object.fromEntries(names.map((name) => [name, (from as Record<string, unknown>)[name]]));
}

/** The recipe's code bundled as Next bundles an edge route: core through its `edge-light` export condition. */
export async function bundleForEdge(entry: string): Promise<string> {
  const { outputFiles } = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['edge-light'],
    mainFields: ['module', 'main'],
    // Node's modules stay outside the bundle: Next's sandbox `require` decides which ones exist.
    external: ['node:*'],
    logLevel: 'silent',
  });
  return outputFiles[0]!.text;
}

/** An edge runtime with Next's additions, `env` as its process.env, the bundle evaluated in it. */
export function edgeSandbox(code: string, env: Record<string, string>): EdgeRuntime {
  const runtime = new EdgeRuntime({
    extend: (context) => {
      context.process = { env };
      context.performance = performance;
      context.AsyncLocalStorage = async_hooks.AsyncLocalStorage;
      Object.defineProperty(context, 'require', {
        enumerable: false,
        value: (id: string) => {
          const found = NEXT_NATIVE_MODULES.get(id);
          if (found === undefined) throw new TypeError(`Native module not found: ${id}`);
          return found;
        },
      });
      return context;
    },
  });
  runtime.evaluate(code);
  return runtime;
}
