import { createRequire } from 'node:module';
import { Pool } from 'undici';
import { describe, expect, it } from 'vitest';
import { createPool, UNDICI_POOL_MODULE } from '../../src/transport/pool.js';

// pool.ts loads undici's Pool by its own file: about 29 ms of CPU on a first invoke where undici's index costs
// about 90 (bench/src/cold-start.mjs, issue 28 target 4). That path is undici's file layout, not its public API,
// and pool.ts falls back to the index when it is gone, silently tripling the cold start: this fails instead,
// on the undici upgrade that moves it (core pins undici's version through the workspace catalog).
describe('createPool', () => {
  it("loads undici's Pool from its own file, the very class undici exports", () => {
    const require = createRequire(new URL('../../src/transport/pool.ts', import.meta.url));
    expect(require(UNDICI_POOL_MODULE)).toBe(Pool);
  });

  it('makes that Pool for the origin', async () => {
    const pool = createPool('http://127.0.0.1:9', 3);
    expect(pool).toBeInstanceOf(Pool);
    await pool.close();
  });
});
