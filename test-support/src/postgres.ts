/**
 * The real PostgreSQL server the outbox's integration tests (and the OpenTelemetry package's outbox
 * test) run against. It must be there: a missing
 * server fails the tests (it never skips them). CI starts one with `source .ci/postgres.sh`;
 * locally, `eval "$(.ci/postgres.sh start)"` does the same.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PgBoss, type ConstructorOptions } from 'pg-boss';

export function databaseUrl(): string {
  const url = process.env.JOURNEYKIT_TEST_DATABASE_URL;
  if (url === undefined || url === '') {
    throw new Error(
      'JOURNEYKIT_TEST_DATABASE_URL is not set: the outbox integration tests need a real PostgreSQL server. ' +
        'Start one with `eval "$(.ci/postgres.sh start)"` from the repository root (CI sources .ci/postgres.sh).',
    );
  }
  return url;
}

/** A schema name of its own per test file, so files and runs never see each other's jobs. */
export function freshSchema(prefix = 'jk'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

/** A pg-boss on the test server with intervals short enough for tests (the defaults are minutes). */
export function testBoss(schema: string, options: Partial<ConstructorOptions> = {}): PgBoss {
  return new PgBoss({
    connectionString: databaseUrl(),
    schema,
    superviseIntervalSeconds: 1,
    monitorIntervalSeconds: 1,
    queueCacheIntervalSeconds: 1,
    schedule: false,
    max: 5,
    ...options,
  });
}

export function testPool(max = 5): pg.Pool {
  return new pg.Pool({ connectionString: databaseUrl(), max });
}

/** Drops a test file's schema (pg-boss's tables and jobs with it), on a connection of its own. */
export async function dropSchema(schema: string): Promise<void> {
  const pool = testPool(1);
  try {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await pool.end();
  }
}

/** Polls `check` until it returns true or `timeoutMs` passes (generous: the machine is shared). */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The outbox's jobs in a queue, read straight from pg-boss's table. */
export async function jobStates(
  pool: pg.Pool,
  schema: string,
  queue: string,
): Promise<{ id: string; state: string; retry_count: number; data: Record<string, unknown>; output: Record<string, unknown> | null }[]> {
  const { rows } = await pool.query(`SELECT id, state, retry_count, data, output FROM ${schema}.job WHERE name = $1 ORDER BY created_on`, [queue]);
  return rows;
}
