/**
 * The layout rule of the README's "How the code is laid out": `src/` is in layers, and a file imports
 * only from its own layer or a lower one. The table in the README is the order; this test reads it,
 * so the words and the rule cannot drift apart.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

function layersFromReadme(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.split('## How the code is laid out')[1]?.split('\n## ')[0] ?? '';
  return [...section.matchAll(/^\| `([a-z-]+)\/` \|/gm)].map((m) => m[1] as string);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** The folder under src/ a file belongs to; the entries at the top are above every layer. */
function layerOf(file: string): string | undefined {
  const parts = relative(src, file).split('/');
  return parts.length > 1 ? parts[0] : undefined;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*'(\.{1,2}\/[^']+)'|import\(\s*'(\.{1,2}\/[^']+)'\s*\)/g;

describe('core layout', () => {
  const layers = layersFromReadme();
  const files = sourceFiles(src);

  it('the README names every folder of src/, and src/ has no folder the README does not name', () => {
    const folders = new Set(files.map(layerOf).filter((f): f is string => f !== undefined));
    expect(layers.length).toBeGreaterThan(5);
    expect([...folders].sort()).toEqual([...layers].sort());
  });

  it('only the entries sit at the top of src/', () => {
    const top = files.filter((f) => layerOf(f) === undefined).map((f) => relative(src, f));
    expect(top.sort()).toEqual(['index.ts', 'internal.ts', 'schemas.ts']);
  });

  it('no file imports from a higher layer', () => {
    const upward: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      if (from === undefined) continue;
      for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const target = resolve(dirname(file), (m[1] ?? m[2]) as string);
        const to = layerOf(target);
        if (to === undefined || layers.indexOf(to) > layers.indexOf(from)) {
          upward.push(`${relative(src, file)} imports ${relative(src, target)} (${from} -> ${to ?? 'an entry'})`);
        }
      }
    }
    expect(upward).toEqual([]);
  });
});
