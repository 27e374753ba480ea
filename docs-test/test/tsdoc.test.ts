/**
 * Member-level TSDoc of the published API: every export of every package entry, and every
 * public member of what they declare, has a comment in the built .d.ts files (what an editor
 * shows on hover).
 */
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { findUndocumented, publicEntries } from '../src/tsdoc.js';

it('reads every types entry of the published packages', () => {
  const names = publicEntries().map(([entry]) => entry);
  expect(names).toEqual(
    expect.arrayContaining([
      '@journeykit/core',
      '@journeykit/core/schemas',
      '@journeykit/express',
      '@journeykit/nestjs',
      '@journeykit/testkit',
      '@journeykit/testkit/vitest',
      '@journeykit/testkit/jest',
      '@journeykit/outbox',
      '@journeykit/outbox/nestjs',
    ]),
  );
});

it('finds no public export or member without TSDoc', () => {
  const where = findUndocumented().map((m) => `${m.entry}: ${m.name} (${m.file}:${m.line})`);
  expect(where).toEqual([]);
});

it('reports exactly the bare exports and members of a sample .d.ts', () => {
  const file = fileURLToPath(new URL('./fixtures/packages/sample/dist/index.d.ts', import.meta.url));
  expect(
    findUndocumented([['sample', file]])
      .map((m) => m.name)
      .sort(),
  ).toEqual(['Client', 'Client.close', 'Request.profile', 'Request.profile.phone', 'bare']);
});
