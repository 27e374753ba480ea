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
    expect(Object.keys(cjs).sort()).toStrictEqual(Object.keys(esm).filter((k) => k !== 'default').sort());
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

    it('for a CommonJS (.cts) and an ES module (.mts) consumer, module node16', () => {
      const paths = Object.entries(fixtures).map(([file, text]) => {
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
      const errors = ts
        .getPreEmitDiagnostics(program)
        .map((d) => `${d.file?.fileName.split('/').pop() ?? '?'}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      // One error per file: the deliberate wrong call, which proves req.journeys is typed (not any).
      expect(errors.sort()).toStrictEqual([
        "consumer.cts: Argument of type 'number' is not assignable to parameter of type 'string'.",
        "consumer.mts: Argument of type 'number' is not assignable to parameter of type 'string'.",
      ]);
    });
  });
});
