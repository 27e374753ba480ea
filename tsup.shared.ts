// The build every package shares; each package's tsup.config.ts passes its entries and what is its own:
//   export default journeykitBuild({ entry: ['src/index.ts'] });
// A new package joins in one line: its tsup.config.ts becomes the call above (ESM + CJS with types by default).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Options } from 'tsup';

/** Defaults: ESM and CJS with .d.ts, sourcemaps, Node 20, dist emptied first. */
const buildDefaults = {
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
} satisfies Options;

/** One build (or several writing into one dist) with the defaults under each. */
export function journeykitBuild(...builds: Options[]) {
  return defineConfig(builds.length === 1 ? { ...buildDefaults, ...builds[0] } : builds.map((own) => ({ ...buildDefaults, ...own })));
}

/** The version of the package being built (tsup runs in its folder), for a `define`. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { version: string }).version;
}
