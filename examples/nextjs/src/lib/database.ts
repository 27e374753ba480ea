import { JourneysOutbox } from '@journeykit/outbox';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { journeys } from './journeys';

export interface Database {
  pool: pg.Pool;
  outbox: JourneysOutbox;
}

let ready: Promise<Database> | undefined;

/**
 * The app's PostgreSQL pool and the outbox that stores invocations in the same database, made once
 * per server instance (Node runtime only: pg and pg-boss need Node's sockets). Enqueueing needs a
 * started outbox; delivering is a worker's job, in a process of its own (`outbox.work()`), not in the
 * Next server.
 */
export function database(): Promise<Database> {
  ready ??= (async () => {
    const url = process.env.DATABASE_URL;
    const outbox = new JourneysOutbox({ boss: new PgBoss(url!), client: journeys() });
    await outbox.start();
    return { pool: new pg.Pool({ connectionString: url }), outbox };
  })().catch((error: unknown) => {
    ready = undefined; // the next request tries again
    throw error;
  });
  return ready;
}

/** For tests and scripts: Next has no shutdown hook for a route module. */
export async function closeDatabase(): Promise<void> {
  const open = ready;
  ready = undefined;
  if (open === undefined) return;
  const { pool, outbox } = await open;
  await outbox.stop();
  await pool.end();
}
