import { journeykitBuild, packageVersion } from '../../tsup.shared';

export default journeykitBuild({
  entry: ['src/index.ts', 'src/schemas.ts', 'src/internal.ts'],
  // The entries share modules (errors, the client): one copy each, or `instanceof` would fail across entries.
  splitting: true,
  treeshake: true,
  // pool.ts uses import.meta.url with createRequire; the CJS build needs it shimmed.
  shims: true,
  // The User-Agent names the release, so Courier's logs tell which journeykit sent a request.
  define: { __JOURNEYKIT_VERSION__: JSON.stringify(packageVersion()) },
});
