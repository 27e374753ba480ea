import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // tsc over each README's project and the examples run as child processes: slow on a busy 2-core box.
    testTimeout: 240_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
