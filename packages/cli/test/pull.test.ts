/**
 * `journeykit pull` and `journeykit check` as users run them (the built command, a child process)
 * against the fake Courier's journey definitions over real HTTP. The generated module is imported
 * and compiled here, so what it types and what it rejects at run time are both tested.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startFakeCourier, type FakeCourierServer, type FakeJourneyDefinition } from '@journeykit/testkit';
import type { AnyJourneyCatalog } from '@journeykit/core/internal';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';
import { WELCOME_SCHEMA, invokeTrigger, pullDefinitions } from './support/pull-definitions.js';
import { TYPE_CASES } from './support/type-cases.js';

const KEY = 'sk_test_pull';
// Inside the package, so that the generated module finds ajv, ajv-formats and @journeykit/core as a user's project does.
const HERE = fileURLToPath(new URL('.', import.meta.url));
let dir: string;
const servers: FakeCourierServer[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(HERE, 'pull-out-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function courier(definitions: FakeJourneyDefinition[]): Promise<FakeCourierServer> {
  const server = await startFakeCourier({ apiKey: KEY, journeyDefinitions: definitions });
  servers.push(server);
  return server;
}

const env = (server: FakeCourierServer) => ({ baseUrl: server.url, apiKey: KEY });

describe('without COURIER_API_KEY', () => {
  it.each(['pull', 'check'])('%s is a configuration error (exit 2) that says to set COURIER_API_KEY, before any request', async (command) => {
    const server = await courier(pullDefinitions());
    const file = join(dir, `no-key-${command}.gen.ts`);
    expect((await runCli(['pull', file], env(server))).code).toBe(0);
    const before = server.requests.length;
    const result = await runCli([command, file], { baseUrl: server.url });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('set COURIER_API_KEY');
    expect(result.stderr).not.toContain('could not read the journeys from Courier');
    expect(server.requests.length).toBe(before);
  });
});

describe('journeykit pull', () => {
  it('writes one module: api-invoke journeys by ID (or alias), the others left out and said so; same input, same bytes', async () => {
    const server = await courier(pullDefinitions());
    const file = join(dir, 'stable.gen.ts');
    const first = await runCli(['pull', file, '--alias', 'greeting=welcome'], env(server));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Pulled 7 journeys into .*stable\.gen\.ts in \d+ ms$/m);
    expect(first.stdout).toContain('left out segment-digest (Segment digest): its trigger is segment, not api-invoke');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(`Regenerate:   npx journeykit pull ${file} --alias greeting=welcome`);
    expect(text).toContain(`Check in CI:  npx journeykit check ${file}`);
    expect(text).toContain('Your project needs `ajv` and `ajv-formats` installed.');
    expect(text).toContain('segment-digest (Segment digest): its trigger is segment, not api-invoke');
    expect(text).toContain('/** Welcome (template ID `welcome`). */\n  "greeting":');
    expect(text).not.toContain('"segment-digest":');
    const again = await runCli(['pull', file, '--alias', 'greeting=welcome'], env(server));
    expect(again.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('an alias for a template ID that is not pulled is a usage error (exit 2) that names it', async () => {
    const server = await courier(pullDefinitions());
    const result = await runCli(['pull', join(dir, 'x.gen.ts'), '--alias', 'digest=segment-digest'], env(server));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--alias digest=segment-digest: no published journey with an api-invoke trigger has the template ID "segment-digest"',
    );
  });

  describe('the generated validator: Draft-07 as Courier (Ajv), exposed as a Standard Schema defineJourneys takes', async () => {
    let catalog: AnyJourneyCatalog;
    beforeAll(async () => {
      const server = await courier(pullDefinitions());
      const file = join(dir, 'cases.gen.ts');
      const result = await runCli(['pull', file], env(server));
      expect(result.code, result.stderr).toBe(0);
      catalog = ((await import(pathToFileURL(file).href)) as { journeys: AnyJourneyCatalog }).journeys;
    });

    // [case, journey, data rejected, the issue it gets, data accepted]
    it.each([
      ['required', 'welcome', { referrer: 'x' }, 'data.plan: is required', { plan: 'pro' }],
      ['enum', 'welcome', { plan: 'gold' }, 'data.plan: must be one of "free", "pro"', { plan: 'free' }],
      ['const', 'kind-const', { kind: 'refund' }, 'data.kind: must be equal to constant', { kind: 'order' }],
      [
        'format date-time',
        'renewal',
        { renews_at: 'next week' },
        'data.renews_at: must match format "date-time"',
        { renews_at: '2026-12-07T10:00:00Z' },
      ],
      ['nested objects', 'shipping', { address: {}, items: [] }, 'data.address.zip: is required', { address: { zip: '1000' }, items: [] }],
      [
        'arrays',
        'shipping',
        { address: { zip: '1' }, items: [{}] },
        'data.items.0.sku: is required',
        { address: { zip: '1' }, items: [{ sku: 'a' }] },
      ],
      ['additionalProperties: false', 'closed', { a: 'x', b: 1 }, 'data.b: is not allowed (additionalProperties: false)', { a: 'x' }],
      ['$ref inside the schema', 'with-ref', { total: { currency: 'EUR' } }, 'data.total.amount: is required', { total: { amount: 5 } }],
      ['no schema: any object', 'no-schema', undefined, undefined, { anything: [1, 2] }],
    ])('%s', (_case, journey, bad, issue, good) => {
      if (bad !== undefined) {
        const issues = catalog.check(journey, { user_id: 'u1', data: bad });
        // The catalog names the journey in each message: `journey "welcome": is required`.
        expect(issues.map((i) => `${i.path.join('.')}: ${i.message.replace(`journey "${journey}": `, '')}`)).toContain(issue);
      }
      expect(catalog.check(journey, { user_id: 'u1', data: good })).toEqual([]);
    });

    it('a journey whose trigger is not api-invoke is not in the catalog', () => {
      expect(catalog.has('segment-digest')).toBe(false);
      expect([...catalog.templateIds].sort()).toEqual(['closed', 'kind-const', 'no-schema', 'renewal', 'shipping', 'welcome', 'with-ref']);
    });
  });
  it('the generated types, case by case (test/support/type-cases.ts): tsc passes, and a wrong assertion fails it', async () => {
    const server = await courier(pullDefinitions());
    const project = mkdtempSync(join(HERE, 'pull-types-'));
    try {
      expect((await runCli(['pull', join(project, 'journeys.gen.ts')], env(server))).code).toBe(0);
      writeFileSync(join(project, 'cases.ts'), TYPE_CASES);
      expect(typecheck(project)).toEqual({ ok: true, output: '' });

      // The assertions can fail: a valid call marked as an error is reported (the directive is unused).
      writeFileSync(
        join(project, 'wrong.ts'),
        [
          "import type { JourneysClient } from '@journeykit/core';",
          "import type { journeys } from './journeys.gen.js';",
          'declare const client: JourneysClient<typeof journeys>;',
          '// @ts-expect-error',
          "void client.invoke('welcome', { user_id: 'u1', data: { plan: 'free' } });",
          '',
        ].join('\n'),
      );
      const wrong = typecheck(project);
      expect(wrong.ok).toBe(false);
      expect(wrong.output).toMatch(/wrong\.ts\(4,\d+\): error TS2578: Unused '@ts-expect-error' directive/);
      expect(wrong.output).not.toContain('cases.ts');
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('journeykit check', () => {
  it('exit 0 when the module matches; exit 1 with a readable diff when a journey changed in Courier', async () => {
    const before = await courier(pullDefinitions());
    const file = join(dir, 'drift.gen.ts');
    expect((await runCli(['pull', file], env(before))).code).toBe(0);
    const same = await runCli(['check', file], env(before));
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toContain(`${file} matches Courier's 7 published api-invoke journeys`);

    const changed = pullDefinitions()
      .filter((d) => d.id !== 'closed')
      .map((d) =>
        d.id === 'welcome'
          ? {
              ...d,
              nodes: [
                invokeTrigger({
                  ...WELCOME_SCHEMA,
                  properties: { plan: { type: 'string' }, referrer: { type: 'string' }, locale: { type: 'string' } },
                  required: ['plan', 'referrer'],
                }),
              ],
            }
          : d,
      );
    changed.push({ id: 'goodbye', name: 'Goodbye', nodes: [invokeTrigger()] });
    const after = await courier(changed);
    const drift = await runCli(['check', file], env(after));
    expect(drift.code).toBe(1);
    expect(drift.stderr.split('\n')).toEqual([
      `${file} differs from Courier's published journeys:`,
      '  - journey added: "goodbye" (Goodbye)',
      '  - journey removed: "closed"',
      '  - journey "welcome": field added: data.locale (string)',
      '  - journey "welcome": field now required: data.referrer',
      '  - journey "welcome": type changed: data.plan: one of "free", "pro" -> string',
      `Regenerate it: npx journeykit pull ${file}`,
      '',
    ]);
  });

  it('a hand-edited module with the same journeys is still refused, with the command that regenerates it', async () => {
    const server = await courier(pullDefinitions());
    const file = join(dir, 'edited.gen.ts');
    expect((await runCli(['pull', file], env(server))).code).toBe(0);
    writeFileSync(file, readFileSync(file, 'utf8').replace('export const journeys', '// a local tweak\nexport const journeys'));
    const result = await runCli(['check', file], env(server));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('describes the same journeys, but is not what journeykit pull writes');
  });

  it('a file pull did not write is exit 1 that says so; a missing file is a usage error', async () => {
    const server = await courier(pullDefinitions());
    writeFileSync(join(dir, 'plain.ts'), 'export const x = 1;\n');
    const plain = await runCli(['check', join(dir, 'plain.ts')], env(server));
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('it has no journeykit manifest: was it made by `journeykit pull`?');
    expect((await runCli(['check', join(dir, 'missing.gen.ts')], env(server))).code).toBe(2);
  });

  it('done when: a changed journey fails check, and tsc of a project that regenerates the module fails where code sends the old shape', async () => {
    const before = await courier(pullDefinitions());
    const project = mkdtempSync(join(HERE, 'pull-project-'));
    try {
      const gen = join(project, 'journeys.gen.ts');
      writeFileSync(
        join(project, 'app.ts'),
        [
          "import { JourneysClient } from '@journeykit/core';",
          "import { journeys } from './journeys.gen.js';",
          'export async function signUp(client: JourneysClient<typeof journeys>): Promise<void> {',
          "  await client.invoke('welcome', { user_id: 'u1', data: { plan: 'pro' } });",
          '}',
          '',
        ].join('\n'),
      );
      const tsc = (): TscResult => typecheck(project);
      expect((await runCli(['pull', gen], env(before))).code).toBe(0);
      expect(tsc()).toEqual({ ok: true, output: '' });

      // In Courier, welcome now requires a locale: check sees it, and the regenerated types reject the old call.
      const changed = pullDefinitions().map((d) =>
        d.id === 'welcome'
          ? {
              ...d,
              nodes: [
                invokeTrigger({
                  ...WELCOME_SCHEMA,
                  properties: { ...WELCOME_SCHEMA.properties, locale: { type: 'string' } },
                  required: ['plan', 'locale'],
                }),
              ],
            }
          : d,
      );
      const after = await courier(changed);
      const check = await runCli(['check', gen], env(after));
      expect(check.code).toBe(1);
      expect(check.stderr).toContain('journey "welcome": field added: data.locale (string, required)');
      expect((await runCli(['pull', gen], env(after))).code).toBe(0);
      const failed = tsc();
      expect(failed.ok).toBe(false);
      expect(failed.output).toMatch(/app\.ts\(4,\d+\): error TS2741: Property 'locale' is missing/);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  }, 60_000);
});

const TSC = createRequire(import.meta.url).resolve('typescript/lib/tsc.js');

interface TscResult {
  ok: boolean;
  output: string;
}

/** `tsc --noEmit` over every .ts file of `project`, strict, as a user's NodeNext project compiles the module. */
function typecheck(project: string): TscResult {
  writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        skipLibCheck: true,
        types: [],
      },
      include: ['*.ts'],
    }),
  );
  try {
    execFileSync(process.execPath, [TSC, '-p', project], { encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, output: '' };
  } catch (err) {
    return { ok: false, output: String((err as { stdout?: string }).stdout) };
  }
}
