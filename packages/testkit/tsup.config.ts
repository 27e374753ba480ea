import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: ['src/index.ts', 'src/vitest.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    // Three builds write into dist at the same time: the build script empties it first instead.
    clean: false,
    sourcemap: true,
    target: 'node20',
    // vitest is an optional peer: never bundle it.
    external: ['vitest'],
    // import.meta.url in the CommonJS build (createRequire of node:http in fake-courier.ts).
    shims: true,
  },
  {
    entry: ['src/jest.ts'],
    format: ['esm', 'cjs'],
    // The bundled .d.ts drops a types-only import; without it, `declare module 'expect'` cannot
    // augment Jest's `expect` in a project that only has @types/jest in its program.
    dts: { banner: "import type {} from 'expect';" },
    clean: false,
    sourcemap: true,
    target: 'node20',
    external: ['expect'],
  },
  {
    entry: ['src/cli.ts'],
    format: ['esm'],
    dts: false,
    clean: false,
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
