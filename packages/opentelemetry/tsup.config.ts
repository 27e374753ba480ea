import { journeykitBuild, packageVersion } from '../../tsup.shared';

export default journeykitBuild({
  entry: ['src/index.ts'],
  // The tracer and meter carry the release, as OpenTelemetry asks of an instrumentation scope.
  define: { __JOURNEYKIT_VERSION__: JSON.stringify(packageVersion()) },
});
