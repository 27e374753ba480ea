/**
 * The Node.js versions each package declares (`engines`) are the ones CI tests (.ci/run: 20, 22, 24, 26) and the ones
 * the root README's "Supported Node.js versions" states; the outbox starts where pg-boss 12 does.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../src/project.js';

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as { name: string; private?: boolean; engines?: { node?: string } };
const publishable = readdirSync(join(ROOT, 'packages'))
  .map((dir) => read(join(ROOT, 'packages', dir, 'package.json')))
  .filter((pkg) => pkg.private !== true);
const root = read(join(ROOT, 'package.json'));
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const supported = readme.slice(readme.indexOf('## Supported Node.js versions'));
const pgBoss = read(createRequire(join(ROOT, 'packages', 'outbox', 'package.json')).resolve('pg-boss/package.json'));

it('finds the publishable packages and the README section', () => {
  expect(publishable.map((p) => p.name)).toEqual(expect.arrayContaining(['@journeykit/core', '@journeykit/cli', '@journeykit/outbox']));
  expect(supported.startsWith('## Supported Node.js versions')).toBe(true);
});

it.each(publishable.map((p) => [p.name, p.engines?.node] as const))('%s declares the range the README states (%s)', (name, range) => {
  const expected = name === '@journeykit/outbox' ? '^22.12.0 || >=24.0.0' : root.engines?.node;
  expect(range).toBe(expected);
  expect(supported).toContain(`\`${range}\``);
});

it("starts the outbox at pg-boss 12's own floor", () => {
  expect(pgBoss.engines?.node).toBe('>=22.12.0');
});

// A package README that names its Node.js floor names the one its `engines` starts at (20.19, or 22.12 for the outbox);
// a floor of another library ("... need Node 22.15 or later") is that library's.
it.each(readdirSync(join(ROOT, 'packages')).map((dir) => [dir] as const))('packages/%s/README.md names no other Node.js floor', (dir) => {
  const text = readFileSync(join(ROOT, 'packages', dir, 'README.md'), 'utf8');
  const floors = [...text.matchAll(/(?<!needs? )Node(?:\.js)? (20\.\d+|22\.\d+)\+? or (?:newer|later)/g)].map((m) => m[1]);
  const expected = dir === 'outbox' ? '22.12' : '20.19';
  expect(floors.filter((f) => f !== expected)).toEqual([]);
});
