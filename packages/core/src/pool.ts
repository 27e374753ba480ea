import type { Dispatcher } from 'undici';

/**
 * Creates the keep-alive pool for one origin. undici is loaded here, on the first invoke, and
 * only its Pool module: importing `@journeykit/core` then costs a few milliseconds instead of the
 * ~60 ms of undici's full index, which matters for serverless cold starts and CLIs.
 */
export async function createPool(origin: string, connections: number | undefined): Promise<Dispatcher> {
  let PoolClass: new (origin: string, options?: Record<string, unknown>) => Dispatcher;
  try {
    const mod = (await import('undici/lib/dispatcher/pool.js')) as { default?: unknown };
    PoolClass = (mod.default ?? mod) as typeof PoolClass;
    if (typeof PoolClass !== 'function') throw new Error('undici Pool module has no constructor');
  } catch {
    // undici moved its files: fall back to the public entry point.
    PoolClass = (await import('undici')).Pool as unknown as typeof PoolClass;
  }
  return new PoolClass(origin, connections === undefined ? {} : { connections });
}
