/**
 * Issue 26, item 5: the pulled catalog validates like any other, wherever a catalog is taken.
 * `invokeMany` and the outbox (pg-boss on a real PostgreSQL server) with `catalog: journeys`, and
 * `journeykit invoke --catalog`, all against the fake Courier over real HTTP. The module is the one
 * `journeykit pull` writes from the fake's definitions, compiled to .mjs as a user's build would.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { JourneysClient, JourneysValidationError, type InvokeManyResult } from '@journeykit/core';
import type { AnyJourneyCatalog } from '@journeykit/core/internal';
import { JourneysOutbox } from '@journeykit/outbox';
import { freshSchema, testBoss, testPool, waitFor } from '@journeykit/test-support/postgres';
import { startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, scratch } from './support/run-cli.js';
import { pullDefinitions } from './support/pull-definitions.js';

const KEY = 'sk_test_pulled_catalog';
// Inside the package, so that the module finds ajv, ajv-formats and @journeykit/core as in a user's project.
const dir = mkdtempSync(join(fileURLToPath(new URL('.', import.meta.url)), 'pulled-catalog-'));
const compiled = join(dir, 'journeys.gen.mjs');
let server: FakeCourierServer;
let journeys: AnyJourneyCatalog;

beforeAll(async () => {
  server = await startFakeCourier({ apiKey: KEY, journeyDefinitions: pullDefinitions() });
  const source = join(dir, 'journeys.gen.ts');
  const pulled = await runCli(['pull', source], { baseUrl: server.url, apiKey: KEY });
  expect(pulled.code, pulled.stderr).toBe(0);
  const js = ts.transpileModule(readFileSync(source, 'utf8'), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  writeFileSync(compiled, js.outputText);
  journeys = ((await import(pathToFileURL(compiled).href)) as { journeys: AnyJourneyCatalog }).journeys;
}, 30_000);
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const good = (user: string) => ({ user_id: user, data: { plan: 'pro' } });
const GOLD = { user_id: 'u-gold', data: { plan: 'gold' } };
const invokesFor = (users: string[]) => server.invocations.filter((i) => users.includes(i.userId ?? ''));

describe('client.invokeMany with the pulled catalog', () => {
  it('refuses the item whose data fails the trigger schema (JourneysValidationError, not sent); the others are sent', async () => {
    const client = new JourneysClient({ apiKey: KEY, baseUrl: server.url, catalog: journeys });
    try {
      const items = [good('im-1'), GOLD, good('im-3')].map((request) => ({ templateId: 'welcome', request }));
      const results: InvokeManyResult[] = [];
      for await (const r of client.invokeMany(items)) results.push(r);
      results.sort((a, b) => a.index - b.index);
      expect(results.map((r) => r.ok)).toEqual([true, false, true]);
      const error = (results[1] as { error: unknown }).error;
      expect(error).toBeInstanceOf(JourneysValidationError);
      expect((error as JourneysValidationError).issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
        'data.plan: journey "welcome": must be one of "free", "pro"',
      ]);
      expect(
        invokesFor(['im-1', 'im-3', 'u-gold'])
          .map((i) => i.userId)
          .sort(),
      ).toEqual(['im-1', 'im-3']);
    } finally {
      await client.close();
    }
  });
});

describe('the outbox with the pulled catalog (pg-boss on PostgreSQL)', () => {
  const schema = freshSchema('jkpull');
  const pool = testPool();
  let client: JourneysClient;
  let outbox: JourneysOutbox;
  const stored = async (): Promise<number> =>
    (await pool.query(`SELECT count(*)::int AS n FROM ${schema}.job WHERE name LIKE 'journeykit%'`)).rows[0].n;
  beforeAll(async () => {
    client = new JourneysClient({ apiKey: KEY, baseUrl: server.url });
    outbox = new JourneysOutbox({ boss: testBoss(schema), client, catalog: journeys });
    await outbox.start();
    await outbox.work({ pollIntervalMs: 500 });
  }, 60_000);
  afterAll(async () => {
    await outbox.stop();
    await client.close();
    await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    await pool.end();
  });

  it('refuses bad data at enqueue (JourneysValidationError, nothing stored); good data is stored and delivered', async () => {
    const before = await stored();
    const error = await outbox.enqueue('welcome', { ...GOLD, user_id: 'ob-gold' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneysValidationError);
    expect((error as Error).message).toContain('must be one of "free", "pro"');
    expect(await stored()).toBe(before);

    await outbox.enqueue('welcome', good('ob-1'));
    expect(await stored()).toBe(before + 1);
    await waitFor('the good job delivered', () => invokesFor(['ob-1']).length === 1);
    expect(invokesFor(['ob-gold'])).toEqual([]);
  }, 60_000);
});

describe('journeykit invoke --catalog', () => {
  const files = scratch();
  afterAll(() => files.cleanup());
  const input = () =>
    files.write('users.ndjson', [good('cli-1'), { ...GOLD, user_id: 'cli-gold' }, good('cli-3')].map((l) => JSON.stringify(l)).join('\n'));

  it('validates each line through the module before sending: the bad line is reported like any validation failure, exit 1', async () => {
    const result = await runCli(['invoke', 'welcome', '--file', input(), '--catalog', compiled], { baseUrl: server.url, apiKey: KEY });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('line 2: data.plan: journey "welcome": must be one of "free", "pro"');
    expect(
      invokesFor(['cli-1', 'cli-3', 'cli-gold'])
        .map((i) => i.userId)
        .sort(),
    ).toEqual(['cli-1', 'cli-3']);
  });

  it('--dry-run validates through it too, and sends nothing', async () => {
    const before = server.invocations.length;
    const result = await runCli(['invoke', 'welcome', '--file', input(), '--catalog', compiled, '--dry-run'], { baseUrl: server.url, apiKey: KEY });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('line 2: data.plan: journey "welcome": must be one of "free", "pro"');
    expect(server.invocations.length).toBe(before);
  });

  // [case, module, journey, what stderr says]
  it.each([
    ['a journey not in the catalog', () => compiled, 'goodbye', /--catalog .*journeys\.gen\.mjs: journey "goodbye" is not in it \(it has "closed", /],
    [
      'a module without `journeys`',
      () => files.write('plain.mjs', 'export const x = 1;\n'),
      'welcome',
      /does not export `journeys` made by defineJourneys\(\)/,
    ],
    ['a module that cannot be imported', () => files.path('missing.mjs'), 'welcome', /--catalog .*missing\.mjs: cannot import it/],
  ])('%s is a usage error (exit 2) before anything is sent', async (_case, module, journey, message) => {
    const before = server.invocations.length;
    const result = await runCli(['invoke', journey, '--file', input(), '--catalog', module()], { baseUrl: server.url, apiKey: KEY });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(server.invocations.length).toBe(before);
  });

  it(`a .ts module: imported on Node versions that strip types, otherwise a usage error that says to compile it (this Node: ${process.versions.node})`, async () => {
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    const strips = major >= 24 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18);
    const result = await runCli(['invoke', 'welcome', '--file', input(), '--catalog', join(dir, 'journeys.gen.ts'), '--dry-run'], {
      baseUrl: server.url,
      apiKey: KEY,
    });
    if (strips) {
      expect(result.stdout).toContain('line 2: data.plan: journey "welcome": must be one of "free", "pro"');
    } else {
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`Node.js ${process.versions.node} cannot import a .ts module; compile it to .js or .mjs (tsc)`);
    }
  });
});
