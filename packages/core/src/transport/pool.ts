import { createRequire } from 'node:module';
import type { Dispatcher } from 'undici';
import { JourneysConfigurationError } from '../errors/errors.js';
import { thrownText } from '../shared/thrown-text.js';

type PoolConstructor = new (origin: string, options?: Record<string, unknown>) => Dispatcher;

let PoolClass: PoolConstructor | undefined;

/** undici's Pool by its own file (undici's layout, not its public API: test/transport/pool.test.ts guards it). */
export const UNDICI_POOL_MODULE = 'undici/lib/dispatcher/pool.js';

/**
 * undici's Pool, loaded on the first invoke and only its own module: importing
 * `@journeykit/core` then costs a few milliseconds instead of the ~60 ms of undici's full index,
 * which matters for serverless cold starts and CLIs. `require` (not `import()`) so that it also
 * works where dynamic import is unavailable, such as Jest's CommonJS sandbox.
 */
function loadPool(): PoolConstructor {
  if (PoolClass !== undefined) return PoolClass;
  const require = createRequire(import.meta.url);
  try {
    const mod = require(UNDICI_POOL_MODULE) as PoolConstructor | { default?: PoolConstructor };
    const candidate = typeof mod === 'function' ? mod : mod.default;
    if (typeof candidate !== 'function') throw new Error('undici Pool module has no constructor');
    PoolClass = candidate;
  } catch {
    try {
      // undici moved its files: the public entry point has it too.
      PoolClass = (require('undici') as { Pool: PoolConstructor }).Pool;
    } catch (err) {
      throw new JourneysConfigurationError(`undici could not be loaded (${thrownText(err)}); install the undici version @journeykit/core depends on`);
    }
  }
  return PoolClass;
}

/**
 * Creates the keep-alive pool for one origin, with at most `connections` sockets. undici's header
 * and body timeouts are off: the client's `timeoutMs` is the one deadline (each request also says
 * so, for dispatchers the client did not create).
 */
export function createPool(origin: string, connections: number): Dispatcher {
  const Pool = loadPool();
  return new Pool(origin, { connections, headersTimeout: 0, bodyTimeout: 0 });
}
