/**
 * enqueue() joins the caller's transaction: a rollback leaves no job, a commit keeps it. Shown
 * against a real PostgreSQL server with a plain `pg` client, Kysely, Drizzle and Knex. (Prisma is
 * not among them: its CLI downloads a schema-engine binary that this build machine cannot reach.)
 */
import { FakeJourneysClient } from '@journeykit/testkit';
import { sql as drizzleSql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import knexFactory from 'knex';
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { fromDrizzle } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JourneysOutbox } from '../src/index.js';
import { databaseUrl, freshSchema, jobStates, testBoss, testPool } from '@journeykit/test-support/postgres';

const schema = freshSchema();
const pool = testPool(8);
const outbox = new JourneysOutbox({ boss: testBoss(schema), client: new FakeJourneysClient() });

beforeAll(async () => {
  await outbox.start();
  await pool.query(`CREATE TABLE ${schema}.signup (email text PRIMARY KEY)`);
});
afterAll(async () => {
  await outbox.stop();
  await pool.query(`DROP SCHEMA ${schema} CASCADE`);
  await pool.end();
});

async function jobsFor(email: string) {
  return (await jobStates(pool, schema, outbox.queue)).filter((j) => (j.data.request as { profile?: { email?: string } }).profile?.email === email);
}
async function signups(email: string): Promise<number> {
  return (await pool.query(`SELECT 1 FROM ${schema}.signup WHERE email = $1`, [email])).rowCount ?? 0;
}

type Runner = (email: string, outcome: 'commit' | 'rollback') => Promise<void>;

const kysely = new Kysely<Record<string, never>>({ dialect: new PostgresDialect({ pool }) });
const db = drizzle(pool);
const knex = knexFactory({ client: 'pg', connection: databaseUrl(), pool: { min: 0, max: 2 } });
afterAll(() => knex.destroy());

const runners: [string, Runner][] = [
  [
    'a pg pool client',
    async (email, outcome) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`INSERT INTO ${schema}.signup (email) VALUES ($1)`, [email]);
        await outbox.enqueue('welcome', { profile: { email } }, { db: client });
        await client.query(outcome === 'commit' ? 'COMMIT' : 'ROLLBACK');
      } finally {
        client.release();
      }
    },
  ],
  [
    'a Kysely transaction',
    async (email, outcome) => {
      await kysely
        .transaction()
        .execute(async (trx) => {
          await sql`INSERT INTO ${sql.id(schema, 'signup')} (email) VALUES (${email})`.execute(trx);
          await outbox.enqueue('welcome', { profile: { email } }, { db: trx });
          if (outcome === 'rollback') throw new Error('rollback');
        })
        .catch((error: Error) => {
          if (error.message !== 'rollback') throw error;
        });
    },
  ],
  [
    'a Drizzle transaction (through pg-boss fromDrizzle)',
    async (email, outcome) => {
      await db
        .transaction(async (tx) => {
          await tx.execute(drizzleSql`INSERT INTO ${drizzleSql.identifier(schema)}.signup (email) VALUES (${email})`);
          await outbox.enqueue('welcome', { profile: { email } }, { db: fromDrizzle(tx, drizzleSql) });
          if (outcome === 'rollback') tx.rollback();
        })
        .catch((error: Error) => {
          if (!/rollback/i.test(error.message)) throw error;
        });
    },
  ],
  [
    'a Knex transaction',
    async (email, outcome) => {
      await knex
        .transaction(async (trx) => {
          await trx.raw(`INSERT INTO ${schema}.signup (email) VALUES (?)`, [email]);
          await outbox.enqueue('welcome', { profile: { email } }, { db: trx });
          if (outcome === 'rollback') throw new Error('rollback');
        })
        .catch((error: Error) => {
          if (error.message !== 'rollback') throw error;
        });
    },
  ],
];

describe.each(runners)('enqueue inside %s', (_name, run) => {
  it('keeps the job when the transaction commits', async () => {
    const email = `commit-${freshSchema('u')}@example.com`;
    await run(email, 'commit');
    expect(await signups(email)).toBe(1);
    const jobs = await jobsFor(email);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.data).toMatchObject({ templateId: 'welcome', request: { profile: { email } } });
  });

  it('leaves no job when the transaction rolls back', async () => {
    const email = `rollback-${freshSchema('u')}@example.com`;
    await run(email, 'rollback');
    expect(await signups(email)).toBe(0);
    expect(await jobsFor(email)).toHaveLength(0);
  });
});

/** A connection of its own, so no other test's statements are prepared on it. */
async function freshConnection(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  return client;
}

/** The statements prepared on this connection (PostgreSQL's own view), with how often each ran. */
async function prepared(client: { query: (text: string) => Promise<{ rows: { name: string; runs: number }[] }> }) {
  const { rows } = await client.query('SELECT name, generic_plans + custom_plans AS runs FROM pg_prepared_statements ORDER BY name');
  return rows.map((r) => ({ name: r.name, runs: Number(r.runs) }));
}

describe('enqueue with a pg client as db', () => {
  it('prepares its insert once per connection and reuses it, across a rollback (PostgreSQL parses and plans it once)', async () => {
    const client = await freshConnection();
    try {
      const emails = [`prepared-a-${freshSchema('u')}@example.com`, `prepared-b-${freshSchema('u')}@example.com`];
      for (const [i, email] of emails.entries()) {
        await client.query('BEGIN');
        await outbox.enqueue('welcome', { profile: { email } }, { db: client });
        await client.query(i === 0 ? 'ROLLBACK' : 'COMMIT');
      }
      expect(await prepared(client)).toEqual([{ name: expect.stringMatching(/^journeykit_[0-9a-f]{32}$/), runs: 2 }]);
      expect(await jobsFor(emails[0] as string)).toHaveLength(0);
      expect(await jobsFor(emails[1] as string)).toHaveLength(1);
    } finally {
      await client.end();
    }
  });

  it('with preparedStatements: false, prepares nothing', async () => {
    const unprepared = new JourneysOutbox({ boss: testBoss(schema), client: new FakeJourneysClient(), preparedStatements: false });
    await unprepared.start();
    const client = await freshConnection();
    try {
      const email = `unprepared-${freshSchema('u')}@example.com`;
      await client.query('BEGIN');
      await unprepared.enqueue('welcome', { profile: { email } }, { db: client });
      await client.query('COMMIT');
      expect(await prepared(client)).toEqual([]);
      expect(await jobsFor(email)).toHaveLength(1);
    } finally {
      await client.end();
      await unprepared.stop();
    }
  });
  it('a db that only has query(text, values) (not node-postgres, e.g. an HTTP driver) gets the text, never a prepared-statement object', async () => {
    const client = await freshConnection();
    const firstArguments: string[] = [];
    const db = {
      query: (text: unknown, values?: unknown[]) => {
        firstArguments.push(typeof text);
        return client.query(text as string, values);
      },
    };
    try {
      const email = `plain-query-${freshSchema('u')}@example.com`;
      await client.query('BEGIN');
      await outbox.enqueue('welcome', { profile: { email } }, { db });
      await client.query('COMMIT');
      expect(firstArguments).not.toHaveLength(0);
      expect(firstArguments.every((t) => t === 'string')).toBe(true);
      expect(await prepared(client)).toEqual([]);
      expect(await jobsFor(email)).toHaveLength(1);
    } finally {
      await client.end();
    }
  });
});

describe('enqueue without db', () => {
  it('stores the job on its own, committed at once', async () => {
    const email = `alone-${freshSchema('u')}@example.com`;
    const { jobId } = await outbox.enqueue('welcome', { profile: { email } });
    const jobs = await jobsFor(email);
    expect(jobs.map((j) => j.id)).toEqual([jobId]);
  });
});
