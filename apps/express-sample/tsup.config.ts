import { defineConfig } from 'tsup';

export default defineConfig({
  // app.ts is an entry too, so the demo script can import start() from dist/app.js.
  entry: ['src/main.ts', 'src/app.ts'],
  format: ['esm'],
  clean: true,
  sourcemap: true,
  target: 'node20',
});
