/**
 * What the published build must not carry. esbuild's keepNames (forced by tsup whenever decorator
 * metadata is on, see tsconfig.json) wraps every function and closure in a `__name()` call that runs
 * each time the closure is made: on the hot path of every attempt, a measurable cost on Bun.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist', import.meta.url));
const builtFiles = (readdirSync(dist, { recursive: true }) as string[]).filter((f) => /\.(c?js)$/.test(f));

describe('the build (dist, made by `pnpm build` before the tests)', () => {
  it('has its bundles, for Node and for the fetch runtimes', () => {
    expect(builtFiles.some((f) => f.startsWith('fetch'))).toBe(true);
    expect(builtFiles.length).toBeGreaterThan(4);
  });

  it('has no keepNames wrappers (__name) in any bundle', () => {
    expect(builtFiles.filter((file) => readFileSync(join(dist, file), 'utf8').includes('__name('))).toEqual([]);
  });

  it.each(['index.js', 'internal.js', 'fetch/index.js', 'fetch/internal.js', 'index.cjs', 'internal.cjs'])(
    '%s: every exported class keeps its own name without keepNames (errors read theirs from new.target.name)',
    async (entry) => {
      const file = join(dist, entry);
      const built = (entry.endsWith('.cjs') ? createRequire(import.meta.url)(file) : await import(pathToFileURL(file).href)) as Record<
        string,
        unknown
      >;
      const classes = Object.entries(built).filter(([, value]) => typeof value === 'function' && /^class /.test(String(value)));
      expect(classes.length).toBeGreaterThan(0);
      for (const [name, value] of classes) expect((value as { name: string }).name, name).toBe(name);
    },
  );

  it('an error made by the build is named for its class', async () => {
    const built = (await import(pathToFileURL(join(dist, 'index.js')).href)) as Record<string, unknown>;
    expect(new (built.JourneysTimeoutError as new (ms: number) => Error)(100).name).toBe('JourneysTimeoutError');
  });
});
