import { defineConfig } from 'vitest/config';

// The packed-tarball check (scripts/tarball-check.mjs): not part of `pnpm test`, it installs from the registry.
export default defineConfig({
  test: {
    include: ['tarballs/**/*.check.ts'],
    testTimeout: 240_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
