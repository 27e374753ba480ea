import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    // The 100,000-line proof test wants the machine's cores to itself; the files run one after another.
    fileParallelism: false,
  },
});
