/**
 * The test kit's FakeJourneysOutbox stands in for JourneysOutbox in unit tests: it must accept and
 * reject exactly the same enqueue calls, with the same issues.
 */
import { JourneysConfigurationError, JourneysValidationError, defineJourneys } from '@journeykit/core';
import { FakeJourneysClient, FakeJourneysOutbox } from '@journeykit/testkit';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JourneysOutbox } from '../src/index.js';
import { freshSchema, testBoss, testPool } from '@journeykit/test-support/postgres';

const catalog = defineJourneys({ welcome: {}, shipped: { data: z.object({ order_id: z.string() }) } });
const schema = freshSchema();
const real = new JourneysOutbox({ boss: testBoss(schema), client: new FakeJourneysClient({ catalog }) });
const fake = new FakeJourneysOutbox({ catalog });
const pool = testPool(1);
beforeAll(() => real.start());
afterAll(async () => {
  await real.stop();
  await pool.query(`DROP SCHEMA ${schema} CASCADE`);
  await pool.end();
});

const calls: [string, string, unknown, unknown][] = [
  ['a valid call', 'welcome', { user_id: 'u1' }, undefined],
  [
    'a valid call with every option',
    'shipped',
    { user_id: 'u1', data: { order_id: 'o1' } },
    { idempotencyKey: 'k', startAfter: new Date(Date.now() + 60_000) },
  ],
  ['contact info only', 'welcome', { profile: { email: 'a@example.com' } }, {}],
  ['no recipient', 'welcome', {}, undefined],
  ['an unknown template', 'nope', { user_id: 'u1' }, undefined],
  ['data failing the schema', 'shipped', { user_id: 'u1', data: { order_id: 1 } }, undefined],
  ['a template of ".."', '..', { user_id: 'u1' }, undefined],
  ['options that are not an object', 'welcome', { user_id: 'u1' }, 'fast'],
  ['a key with spaces around', 'welcome', { user_id: 'u1' }, { idempotencyKey: ' k ' }],
  ['a negative delayMs', 'welcome', { user_id: 'u1' }, { delayMs: -1 }],
  ['startAfter as a number (seconds, its old meaning)', 'welcome', { user_id: 'u1' }, { startAfter: 60 }],
  ['both startAfter and delayMs', 'welcome', { user_id: 'u1' }, { startAfter: new Date(Date.now() + 60_000), delayMs: 60_000 }],
  ['an unknown option', 'welcome', { user_id: 'u1' }, { delay: 60_000 }],
  ['an invalid Date', 'welcome', { user_id: 'u1' }, { startAfter: new Date('nope') }],
  ['a delayMs past the key lifetime', 'welcome', { user_id: 'u1' }, { delayMs: 370 * 86_400_000 }],
  ['a startAfter past the key lifetime', 'welcome', { user_id: 'u1' }, { startAfter: new Date(Date.now() + 370 * 86_400_000) }],
  [
    'text PostgreSQL cannot store (NUL, a lone surrogate in a key)',
    'welcome',
    { user_id: 'u1', data: { note: 'a\u0000b', ['k\ud800']: 1 } },
    undefined,
  ],
  ['several problems at once', 'shipped', { user_id: 5, data: {} }, { startAfter: 'x', idempotencyKey: '' }],
];

async function outcome(outbox: { enqueue(t: string, r: never, o: never): Promise<unknown> }, call: (typeof calls)[number]) {
  try {
    await outbox.enqueue(call[1], call[2] as never, call[3] as never);
    return 'stored';
  } catch (error) {
    // A template outside the catalog is a bug in the calling code (a configuration error), the rest bad input.
    if (error instanceof JourneysConfigurationError) return { configuration: error.message };
    expect(error).toBeInstanceOf(JourneysValidationError);
    return (error as JourneysValidationError).issues;
  }
}

describe('FakeJourneysOutbox agrees with JourneysOutbox', () => {
  it.each(calls)('%s', async (...call) => {
    expect(await outcome(fake, call)).toEqual(await outcome(real, call));
  });
});
