/**
 * Every TypeScript block of README.md and packages/*\/README.md, pasted unchanged into a strict
 * nodenext ESM project (and a CommonJS one where the README says it works): it compiles, and it
 * runs against the fake Courier server (test files under vitest or Jest, scripts under node).
 * A partial block names its missing context in an HTML comment (docs-test/contexts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import { extractSnippets } from '../src/extract.js';
import { ROOT, compile, run, runnerOf, writeProjects, type Flavour } from '../src/project.js';
import { readmes } from '../src/readmes.js';

let courier: FakeCourierServer;
beforeAll(async () => {
  courier = await startFakeCourier({ apiKey: 'test-key' });
});
afterAll(async () => {
  await courier?.close();
});
const env = () => ({ COURIER_API_KEY: 'test-key', COURIER_BASE_URL: courier.url });

// DOCS_TEST_README=packages/core/README.md narrows a run to one README while editing it.
const only = process.env.DOCS_TEST_README;
const files = readmes().filter((f) => only === undefined || f === only);

if (only === undefined) {
  it('finds the root README and every package README', () => {
    expect(files).toContain('README.md');
    expect(files).toEqual(expect.arrayContaining(['packages/core/README.md', 'packages/express/README.md', 'packages/nestjs/README.md', 'packages/testkit/README.md']));
  });
}

for (const readme of files) {
  const snippets = extractSnippets(readme, readFileSync(join(ROOT, readme), 'utf8'));
  for (const flavour of ['esm', 'cjs'] as Flavour[]) {
    const projects = writeProjects(readme, snippets, flavour);
    for (const project of projects) {
      describe.sequential(`${readme} (${flavour}, project ${project.name})`, () => {
        let compiled = false;
        it(`compiles: ${project.snippets.map((s) => `${s.file} (line ${s.line})`).join(', ')}`, async () => {
          const result = await compile(project);
          expect(result.output, `tsc in ${project.dir}`).toBe('');
          expect(result.code).toBe(0);
          compiled = true;
        });
        for (const snippet of project.snippets) {
          const runner = runnerOf(snippet);
          if (typeof runner === 'object') continue; // compiled above; the README says why it does not run
          it(`runs ${snippet.file} (line ${snippet.line}) with ${runner}`, async () => {
            expect(compiled, 'the project compiles').toBe(true);
            const result = await run(project, snippet, env());
            expect(result.code, result.output).toBe(0);
          });
        }
      });
    }
  }
}
