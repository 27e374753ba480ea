import { journeykitBuild, packageVersion } from '../../tsup.shared';

export default journeykitBuild({
  entry: ['src/bin.ts'],
  format: ['esm'],
  dts: false,
  splitting: false,
  treeshake: true,
  banner: { js: '#!/usr/bin/env node' },
  define: { __JOURNEYKIT_CLI_VERSION__: JSON.stringify(packageVersion()) },
});
