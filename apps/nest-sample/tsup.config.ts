import { defineConfig } from 'tsup';

export default defineConfig({
  // app.ts is an entry too: `pnpm demo` (and anyone scripting the sample) imports start() from it.
  entry: ['src/main.ts', 'src/app.ts'],
  format: ['esm'],
  clean: true,
  sourcemap: true,
  target: 'node20',
});
