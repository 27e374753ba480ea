import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));

export default defineConfig({
  resolve: {
    // The README examples import the package by name: run them against the sources.
    alias: [
      { find: /^@journeykit\/testkit\/vitest$/, replacement: src('vitest.ts') },
      { find: /^@journeykit\/testkit$/, replacement: src('index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    pool: 'forks',
  },
});
