import { journeykitBuild } from '../../tsup.shared';

// Three builds write into dist at the same time: the build script empties it first instead (clean: false).
export default journeykitBuild(
  {
    entry: ['src/index.ts', 'src/vitest.ts'],
    clean: false,
    // vitest is an optional peer: never bundle it.
    external: ['vitest'],
    // import.meta.url in the CommonJS build (createRequire of node:http in fake-courier.ts).
    shims: true,
  },
  {
    entry: ['src/jest.ts'],
    // The bundled .d.ts drops a types-only import; without it, `declare module 'expect'` cannot
    // augment Jest's `expect` in a project that only has @types/jest in its program.
    dts: { banner: "import type {} from 'expect';" },
    clean: false,
    external: ['expect'],
  },
  {
    entry: ['src/cli.ts'],
    format: ['esm'],
    // The bin imports the fake from the package itself (Node's self-reference): one copy in the tarball.
    external: ['@journeykit/testkit'],
    dts: false,
    clean: false,
    banner: { js: '#!/usr/bin/env node' },
  },
);
