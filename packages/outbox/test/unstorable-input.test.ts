/**
 * Text PostgreSQL cannot store in jsonb (a NUL character: 22P05; a lone UTF-16 surrogate: 22P02)
 * passes invoke()'s validation (JSON can carry it) but not the database. enqueue() refuses it as
 * JourneysValidationError before the database is touched, so the caller's transaction lives on:
 * on a PostgreSQL server and on PGlite alike.
 */
import { PGlite } from '@electric-sql/pglite';
import { JourneysValidationError } from '@journeykit/core';
import { FakeJourneysClient } from '@journeykit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JourneysOutbox, createEmbeddedBoss } from '../src/index.js';
import { freshSchema, testBoss, testPool } from '@journeykit/test-support/postgres';

const cases: [string, Record<string, unknown>, string, RegExp][] = [
  ['a NUL character in a data value', { user_id: 'u1', data: { note: 'a\u0000b' } }, 'data.note', /NUL/],
  ['a lone high surrogate in a profile value', { user_id: 'u1', profile: { name: 'Ada \ud83d' } }, 'profile.name', /surrogate/],
  ['a lone low surrogate deep in an array', { user_id: 'u1', data: { items: [{ tag: '\udc00' }] } }, 'data.items[0].tag', /surrogate/],
  ['a NUL character in a key', { user_id: 'u1', data: { 'bad\u0000key': 1 } }, 'data', /key .*NUL/],
  ['a lone surrogate in a nested key', { user_id: 'u1', profile: { context: { ['k\ud800']: 'v' } } }, 'profile.context', /key .*surrogate/],
  ['a NUL character in user_id', { user_id: 'u\u0000' }, 'user_id', /NUL/],
];

type Tx = { query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }> };
interface Backend {
  outbox: JourneysOutbox;
  /** Runs `body` in a transaction of the caller's and commits it. */
  transaction(body: (tx: Tx) => Promise<void>): Promise<void>;
  count(): Promise<number>;
}

function checks(backend: () => Backend): void {
  it.each(cases)(
    '%s: JourneysValidationError naming the field, nothing stored, the transaction still usable',
    async (_name, request, path, message) => {
      const b = backend();
      const before = await b.count();
      let error: unknown;
      await b.transaction(async (tx) => {
        error = await b.outbox.enqueue('welcome', request as never, { db: tx }).catch((e: unknown) => e);
        // Still usable: a failed INSERT would have aborted the transaction here (25P02).
        expect((await tx.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
      });
      expect(error).toBeInstanceOf(JourneysValidationError);
      const issue = (error as JourneysValidationError).issues.find((i) => i.path.join('.').replace(/\.(\d+)/g, '[$1]') === path);
      expect(issue?.message, (error as Error).message).toMatch(message);
      expect(await b.count()).toBe(before);
    },
  );

  it('stores text that only looks odd (escapes, paired surrogates, other control characters)', async () => {
    const b = backend();
    const before = await b.count();
    await b.outbox.enqueue('welcome', { user_id: 'u1', data: { emoji: '😀', escaped: '\\u0000 \\ud800', tab: 'a\tb\u0001' } });
    expect(await b.count()).toBe(before + 1);
  });
}

describe('on a PostgreSQL server', () => {
  const schema = freshSchema();
  const pool = testPool();
  const outbox = new JourneysOutbox({ boss: testBoss(schema), client: new FakeJourneysClient() });
  beforeAll(() => outbox.start());
  afterAll(async () => {
    await outbox.stop();
    await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    await pool.end();
  });
  checks(() => ({
    outbox,
    async transaction(body) {
      const tx = await pool.connect();
      try {
        await tx.query('BEGIN');
        await body(tx);
        await tx.query('COMMIT');
      } catch (error) {
        await tx.query('ROLLBACK');
        throw error;
      } finally {
        tx.release();
      }
    },
    count: async () => (await pool.query(`SELECT count(*)::int AS n FROM ${schema}.job`)).rows[0].n,
  }));
});

describe('on PGlite', () => {
  const pglite = new PGlite();
  const outbox = new JourneysOutbox({ boss: createEmbeddedBoss(pglite), client: new FakeJourneysClient() });
  beforeAll(() => outbox.start(), 120_000);
  afterAll(async () => {
    await outbox.stop();
    await pglite.close();
  });
  checks(() => ({
    outbox,
    transaction: (body) => pglite.transaction(async (tx) => body(tx as unknown as Tx)),
    count: async () => (await pglite.query<{ n: number }>('SELECT count(*)::int AS n FROM pgboss.job')).rows[0]!.n,
  }));
});
