/**
 * Turns the transaction handle a caller passes as `db` into the executor pg-boss writes through
 * (`{ executeSql(text, values) }`), so `enqueue` joins the caller's transaction whatever the
 * caller's database library. pg-boss's own adapters do the translation; this only recognises
 * which one applies.
 */
import { createHash } from 'node:crypto';
import { fromKnex, fromKysely, fromPrisma, type Db } from 'pg-boss';

type Rows = { rows: unknown[] };

function isFunction(value: unknown): value is (...args: never[]) => unknown {
  return typeof value === 'function';
}

/** node-postgres answers a multi-statement text with one result per statement: keep every row. */
function rowsOf(result: unknown): Rows {
  if (Array.isArray(result)) return { rows: result.flatMap((r: { rows?: unknown[] }) => r?.rows ?? []) };
  const rows = (result as { rows?: unknown } | null | undefined)?.rows;
  return { rows: Array.isArray(rows) ? rows : [] };
}

/**
 * An executor over PGlite, or one of its transactions (`pglite.transaction(async (tx) => ...)`).
 * A statement with parameters goes through `query()` (one statement, extended protocol); one
 * without goes through `exec()`, which runs several statements and answers one result per
 * statement: their rows are concatenated, so a `RETURNING` before a trailing `COMMIT` is kept.
 * Unlike pg-boss's `fromPglite`, a failure does not roll back: inside a caller's transaction that
 * decision is the caller's.
 */
export function pgliteExecutor(pglite: { query(text: string, values?: unknown[]): Promise<Rows>; exec(text: string): Promise<Rows[]> }): Db {
  return {
    async executeSql(text, values) {
      if (values !== undefined && values.length > 0) return rowsOf(await pglite.query(text, values));
      return rowsOf(await pglite.exec(text));
    },
  };
}

/** Options of {@link toExecutor}. */
export interface ExecutorOptions {
  /** Send a `pg` client's statements with parameters as named prepared statements (see `preparedStatements`). */
  prepare?: boolean;
}

/**
 * Statement names by text. pg-boss's insert is one text per schema and queue, about 3 KB, which
 * PostgreSQL would otherwise parse and plan on every enqueue (most of what enqueue adds to a
 * transaction). node-postgres prepares a named statement once per connection and reuses it; the
 * name is derived from the text, since node-postgres refuses one name for two texts.
 */
const statementNames = new Map<string, string>();
const MAX_STATEMENT_NAMES = 100;

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `journeykit_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    if (statementNames.size >= MAX_STATEMENT_NAMES) statementNames.clear();
    statementNames.set(text, name);
  }
  return name;
}

/**
 * node-postgres takes `{ name, text, values }` as a prepared statement; another driver with a
 * `query(text, values)` (an HTTP driver, a wrapper) would get an object where it expects text. A pg
 * Client or PoolClient carries its `connectionParameters`; a pg Pool counts its clients.
 */
function isNodePostgres(handle: Record<string, unknown>): boolean {
  return (
    (typeof handle.connectionParameters === 'object' && handle.connectionParameters !== null) ||
    (isFunction(handle.connect) && typeof handle.totalCount === 'number')
  );
}

/**
 * The executor for a caller's `db`, or `undefined` with the reason when it is none we know.
 * Recognised: a pg-boss executor (anything with `executeSql`, e.g. `fromDrizzle(tx, sql)`), a
 * Kysely transaction, Prisma's interactive-transaction client, a Knex transaction, a PGlite
 * instance or transaction, and a `pg` client, pool client or pool.
 */
export function toExecutor(db: unknown, options: ExecutorOptions = {}): Db | string {
  if (db === null || (typeof db !== 'object' && typeof db !== 'function'))
    return `must be a transaction handle, got ${db === null ? 'null' : typeof db}`;
  const handle = db as Record<string, unknown>;
  if (isFunction(handle.executeSql)) return handle as unknown as Db;
  if (isFunction(handle.executeQuery)) return fromKysely(handle as never);
  if (isFunction(handle.$queryRawUnsafe)) return fromPrisma(handle as never);
  // A Knex instance or transaction is itself a function with `raw`.
  if (typeof db === 'function' && isFunction(handle.raw)) return fromKnex(handle as never);
  if (isFunction(handle.query) && isFunction(handle.exec)) return pgliteExecutor(handle as never);
  if (isFunction(handle.query)) {
    const query = handle.query as (statement: string | { name: string; text: string; values: unknown[] }, values?: unknown[]) => Promise<unknown>;
    if (options.prepare === true && isNodePostgres(handle)) {
      return {
        executeSql: async (text, values) =>
          rowsOf(
            await (values !== undefined && values.length > 0
              ? query.call(handle, { name: statementName(text), text, values })
              : query.call(handle, text, values)),
          ),
      };
    }
    return { executeSql: async (text, values) => rowsOf(await query.call(handle, text, values)) };
  }
  if (isFunction(handle.execute)) {
    return "looks like a Drizzle transaction: pass fromDrizzle(tx, sql) from 'pg-boss' (sql from 'drizzle-orm')";
  }
  return 'must be a pg client, a Kysely, Knex, Prisma or PGlite transaction, or a pg-boss executor ({ executeSql(text, values) })';
}
