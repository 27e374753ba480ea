/**
 * A CommonJS build must require() what it loads: Jest's default (CommonJS) mode cannot run
 * import() ("A dynamic import callback was invoked without --experimental-vm-modules").
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../src/project.js';

const cjsFiles = readdirSync(join(ROOT, 'packages'))
  .flatMap((pkg) => {
    try {
      return readdirSync(join(ROOT, 'packages', pkg, 'dist')).map((f) => join('packages', pkg, 'dist', f));
    } catch {
      return [];
    }
  })
  .filter((f) => f.endsWith('.cjs'));

it('finds the CommonJS builds of every package', () => {
  expect(cjsFiles).toEqual(
    expect.arrayContaining(['packages/core/dist/index.cjs', 'packages/testkit/dist/index.cjs', 'packages/testkit/dist/jest.cjs']),
  );
});

it.each(cjsFiles)('%s has no dynamic import()', (file) => {
  const code = readFileSync(join(ROOT, file), 'utf8');
  expect(code.match(/\bimport\s*\(/g) ?? []).toEqual([]);
});
