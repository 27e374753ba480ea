import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  // pg-boss 12 needs Node 22.12; so does this package.
  target: 'node22',
  external: ['pg-boss', '@electric-sql/pglite'],
});
