/** The READMEs whose TypeScript blocks are tested: the root one and every package's, found anew each run. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './project.js';

export function readmes(): string[] {
  const packages = readdirSync(join(ROOT, 'packages'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(ROOT, 'packages', d.name, 'README.md')))
    .map((d) => `packages/${d.name}/README.md`)
    .sort();
  return ['README.md', ...packages];
}
