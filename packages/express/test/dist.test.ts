import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

// Runs against the built package (turbo builds before testing): what users install.
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

describe('the published builds', () => {
  it('ESM and CJS export the same API', async () => {
    const esm = (await import('@journeykit/express')) as Record<string, unknown>;
    const cjs = require('@journeykit/express') as Record<string, unknown>;
    const api = ['journeys', 'getJourneys', 'invokeAfterResponse', 'afterResponse', 'journeysErrorHandler', 'JourneysError'];
    for (const name of api) {
      expect(typeof esm[name], `esm ${name}`).toBe('function');
      expect(typeof cjs[name], `cjs ${name}`).toBe('function');
    }
    expect(Object.keys(cjs).sort()).toStrictEqual(
      Object.keys(esm)
        .filter((k) => k !== 'default')
        .sort(),
    );
  });

  describe('the Express.Request augmentation reaches TypeScript users of both builds', () => {
    // Fixtures live inside the package so `@journeykit/express` resolves to itself by name, through its exports map.
    const dir = mkdtempSync(join(packageDir, '.types-fixture-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const body = `
      const app = express();
      app.use(journeys({ apiKey: 'k' }));
      app.post('/', async (req, res) => {
        const { runId }: { runId: string } = await req.journeys.invoke('welcome', { user_id: 'u1' });
        res.json({ runId });
      });
      app.get('/wrong', (req) => {
        void req.journeys.invoke(42, {});
      });
    `;
    const fixtures = {
      'consumer.cts': `import express = require('express');\nimport journeykit = require('@journeykit/express');\nconst { journeys } = journeykit;\n${body}`,
      'consumer.mts': `import express from 'express';\nimport { journeys } from '@journeykit/express';\n${body}`,
    };

    /** Type-checks `files` (name -> text) as one program, the way a user's tsc would; returns the errors. */
    function typeErrors(files: Record<string, string>): string[] {
      const paths = Object.entries(files).map(([file, text]) => {
        writeFileSync(join(dir, file), text);
        return join(dir, file);
      });
      const program = ts.createProgram(paths, {
        module: ts.ModuleKind.Node16,
        moduleResolution: ts.ModuleResolutionKind.Node16,
        target: ts.ScriptTarget.ES2022,
        strict: true,
        noEmit: true,
        esModuleInterop: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [join(packageDir, 'node_modules/@types')],
      });
      return ts
        .getPreEmitDiagnostics(program)
        .map((d) => `${d.file?.fileName.split('/').pop() ?? '?'}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`)
        .sort();
    }

    it('for a CommonJS (.cts) and an ES module (.mts) consumer, module node16', () => {
      // One error per file: the deliberate wrong call, which proves req.journeys is typed (not any).
      expect(typeErrors(fixtures)).toStrictEqual([
        "consumer.cts: Argument of type 'number' is not assignable to parameter of type 'string'.",
        "consumer.mts: Argument of type 'number' is not assignable to parameter of type 'string'.",
      ]);
      // A whole TypeScript program: seconds alone, more on a busy machine.
    }, 60_000);

    it('and a catalog registered on @journeykit/core types req.journeys in both', () => {
      // Its own program: a registration applies to every file of a program.
      const registered = `
        const catalog = defineJourneys({ welcome: {} });
        declare module '@journeykit/core' {
          interface Register {
            catalog: typeof catalog;
          }
        }
        const app = express();
        app.use(journeys({ apiKey: 'k', catalog }));
        app.post('/', async (req, res) => {
          const { runId }: { runId: string } = await req.journeys.invoke('welcome', { user_id: 'u1' });
          await req.journeys.untyped.invoke('beta-journey', { user_id: 'u1' });
          res.json({ runId });
        });
        app.get('/wrong', (req) => {
          void req.journeys.invoke('beta-journey', {});
        });
      `;
      expect(
        typeErrors({
          'registered.cts': `import express = require('express');\nimport journeykit = require('@journeykit/express');\nimport core = require('@journeykit/core');\nconst { journeys } = journeykit;\nconst { defineJourneys } = core;\n${registered}`,
          'registered.mts': `import express from 'express';\nimport { journeys } from '@journeykit/express';\nimport { defineJourneys } from '@journeykit/core';\n${registered}`,
        }),
      ).toStrictEqual([
        `registered.cts: Argument of type '"beta-journey"' is not assignable to parameter of type '"welcome"'.`,
        `registered.mts: Argument of type '"beta-journey"' is not assignable to parameter of type '"welcome"'.`,
      ]);
    }, 60_000);
  });
});
