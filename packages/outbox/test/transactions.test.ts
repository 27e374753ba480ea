/**
 * enqueue() joins the caller's transaction: a rollback leaves no job, a commit keeps it. Shown
 * against a real PostgreSQL server with a plain `pg` client, Kysely, Drizzle and Knex. (Prisma is
 * not among them: its CLI downloads a schema-engine binary that this build machine cannot reach.)
 */
import { FakeJourneysClient } from '@journeykit/testkit';
import { sql as drizzleSql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import knexFactory from 'knex';
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

describe('enqueue without db', () => {
  it('stores the job on its own, committed at once', async () => {
    const email = `alone-${freshSchema('u')}@example.com`;
    const { jobId } = await outbox.enqueue('welcome', { profile: { email } });
    const jobs = await jobsFor(email);
    expect(jobs.map((j) => j.id)).toEqual([jobId]);
  });
});
