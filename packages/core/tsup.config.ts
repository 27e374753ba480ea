import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  entry: ['src/index.ts', 'src/schemas.ts', 'src/internal.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // The entries share modules (errors, the client): one copy each, or `instanceof` would fail across entries.
  splitting: true,
  treeshake: true,
  // pool.ts uses import.meta.url with createRequire; the CJS build needs it shimmed.
  shims: true,
  // The User-Agent names the release, so Courier's logs tell which journeykit sent a request.
  define: { __JOURNEYKIT_VERSION__: JSON.stringify(version) },
});
