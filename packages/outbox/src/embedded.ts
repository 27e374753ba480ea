import { JourneysConfigurationError } from '@journeykit/core';
import { PgBoss, fromPglite, type ConstructorOptions, type PGliteLike } from 'pg-boss';

/**
 * A pg-boss instance on PGlite (PostgreSQL compiled to WebAssembly, in this process): the outbox
 * with no database server, for the quick start, demos, tests and single-process tools. Pass
 * `new PGlite()` for memory only, or `new PGlite('./outbox-data')` to keep jobs across restarts.
 * Production with several processes wants a real PostgreSQL server: `new PgBoss(connectionString)`.
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * import { JourneysClient } from '@journeykit/core';
 * import { JourneysOutbox, createEmbeddedBoss } from '@journeykit/outbox';
 *
 * const outbox = new JourneysOutbox({ boss: createEmbeddedBoss(new PGlite()), client: new JourneysClient() });
 * await outbox.start();
 * ```
 */
export function createEmbeddedBoss(pglite: PGliteLike, options: Omit<ConstructorOptions, 'db' | 'backend' | 'connectionString'> = {}): PgBoss {
  if (pglite === null || typeof pglite !== 'object' || typeof pglite.query !== 'function' || typeof pglite.exec !== 'function') {
    throw new JourneysConfigurationError("createEmbeddedBoss(): pass a PGlite instance (new PGlite() from '@electric-sql/pglite')");
  }
  // One connection in this process: the instance registry and schedules only add queries.
  return new PgBoss({ registerInstance: false, schedule: false, ...options, db: fromPglite(pglite), backend: 'pglite' });
}
