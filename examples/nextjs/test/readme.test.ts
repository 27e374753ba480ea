import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// README.md shows the recipe's files: each `ts` block whose first line is `// src/<path>` is that
// file, unchanged, so the recipe people copy is the code the other tests run.
const here = (path: string) => new URL(`../${path}`, import.meta.url);
const readme = readFileSync(here('README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n\/\/ (src\/\S+)\n([\s\S]*?)```/g)].map(([, path, code]) => ({ path: path!, code: code! }));

describe('README.md', () => {
  it('shows every file of src/ once', () => {
    const files = readdirSync(here('src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(blocks.map((b) => b.path).sort()).toStrictEqual(files.map((f) => `src/${f}`).sort());
  });

  it.each(blocks)('shows $path as it is', ({ path, code }) => {
    expect(code).toBe(readFileSync(here(path), 'utf8'));
  });
});
