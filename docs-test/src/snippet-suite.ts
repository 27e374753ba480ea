/**
 * The vitest suite for README blocks: per README, per flavour (ESM, and CommonJS for the blocks
 * that claim it), per project: one test that tsc compiles it, one per block that it runs.
 * Shared by the workspace run (`pnpm test`) and the packed-tarball check.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractSnippets } from './extract.js';
import { ROOT, compile, run, runnerOf, writeProjects, type Flavour, type Toolchain } from './project.js';

export function defineSnippetSuite(readmeFiles: readonly string[], tools: Toolchain, env: () => Record<string, string>): void {
  for (const readme of readmeFiles) {
    const snippets = extractSnippets(readme, readFileSync(join(ROOT, readme), 'utf8'));
    for (const flavour of ['esm', 'cjs'] as Flavour[]) {
      for (const project of writeProjects(readme, snippets, flavour, tools)) {
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
}
