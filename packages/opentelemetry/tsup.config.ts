import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // The tracer and meter carry the release, as OpenTelemetry asks of an instrumentation scope.
  define: { __JOURNEYKIT_VERSION__: JSON.stringify(version) },
});
