import { fileURLToPath } from 'node:url';
import type { Options } from 'tsup';
import { journeykitBuild, packageVersion } from '../../tsup.shared';

const entry = ['src/index.ts', 'src/schemas.ts', 'src/internal.ts'];
// The User-Agent names the release, so Courier's logs tell which journeykit sent a request.
const define = { __JOURNEYKIT_VERSION__: JSON.stringify(packageVersion()) };

/** The runtimes' build: transport-choice.ts becomes transport-choice.fetch.ts, so nothing reaches undici. */
const fetchByDefault: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'journeykit-fetch-by-default',
  setup(build) {
    const target = fileURLToPath(new URL('./src/transport/transport-choice.fetch.ts', import.meta.url));
    build.onResolve({ filter: /\/transport-choice\.js$/ }, () => ({ path: target }));
  },
};

export default journeykitBuild(
  {
    entry,
    // The entries share modules (errors, the client): one copy each, or `instanceof` would fail across entries.
    splitting: true,
    treeshake: true,
    // pool.ts uses import.meta.url with createRequire; the CJS build needs it shimmed.
    shims: true,
    define,
    // The two builds run at once: this one must not empty the other's folder.
    clean: ['!fetch/**'],
  },
  {
    // What the `workerd`, `deno`, `bun` and `edge-light` conditions load: ESM, fetch by default, no undici.
    // Its types are the Node build's (the API is the same), so no declarations are emitted here.
    entry,
    outDir: 'dist/fetch',
    format: ['esm'],
    dts: false,
    clean: true,
    splitting: true,
    treeshake: true,
    define,
    esbuildPlugins: [fetchByDefault],
    // Deno and workerd know Node's modules only by their `node:` names.
    removeNodeProtocol: false,
  },
);
