// Every package's tests, one vitest project each. `vitest run` in a package folder (its `test` script, what
// turbo and `pnpm --filter <pkg> test` run) finds this file and runs that package's project only; at the root
// it runs them all (e.g. `pnpm exec vitest run --coverage`).
//
// A new package joins in one line: add `project('packages/<dir>')` below (with its overrides, if any), set its
// `test` script to `vitest run`, and delete its own vitest.config.ts.
import { readFileSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** A package's project: its name, its folder, the defaults every package shares, and what is its own. */
function project(dir: string, own: TestProjectInlineConfiguration = {}): TestProjectInlineConfiguration & { root: string } {
  const root = at(`./${dir}`);
  const { name } = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { name: string };
  return {
    ...own,
    root,
    test: { name, include: ['test/**/*.test.ts'], testTimeout: 20_000, pool: 'forks', ...own.test },
  };
}

const version = (dir: string) => (JSON.parse(readFileSync(at(`./${dir}/package.json`), 'utf8')) as { version: string }).version;

const projects = [
  project('packages/core', {
    // The User-Agent names the release (tsup defines it in the build).
    define: { __JOURNEYKIT_VERSION__: JSON.stringify(version('packages/core')) },
  }),
  project('packages/cli', {
    // The 100,000-line proof test wants the machine's cores to itself; the files run one after another.
    test: { testTimeout: 30_000, fileParallelism: false },
  }),
  project('packages/express'),
  project('packages/fastify'),
  project('packages/hono'),
  project('packages/nestjs'),
  project('packages/opentelemetry', {
    // The tracer and meter carry the release (tsup defines it in the build).
    define: { __JOURNEYKIT_VERSION__: JSON.stringify(version('packages/opentelemetry')) },
  }),
  project('packages/outbox', {
    resolve: { alias: [{ find: /^@journeykit\/outbox$/, replacement: at('./packages/outbox/src/index.ts') }] },
    test: { testTimeout: 30_000, hookTimeout: 60_000 },
  }),
  project('packages/testkit', {
    // The README examples import the package by name: run them against the sources.
    resolve: {
      alias: [
        { find: /^@journeykit\/testkit\/vitest$/, replacement: at('./packages/testkit/src/vitest.ts') },
        { find: /^@journeykit\/testkit$/, replacement: at('./packages/testkit/src/index.ts') },
      ],
    },
  }),
  project('apps/express-sample'),
  project('apps/hono-sample'),
  project('apps/fastify-sample'),
  project('apps/nest-sample'),
  // Next's request scope (the real after()) needs its environment set before next/server loads.
  project('examples/nextjs', { test: { setupFiles: [at('./examples/nextjs/test/next-environment.ts')] } }),
  // tsc over each README's project and the examples run as child processes: slow on a busy 2-core box.
  // (Its packed-tarball suite, docs-test/vitest.tarballs.config.ts, is run by scripts/tarball-check.mjs.)
  project('docs-test', { test: { testTimeout: 240_000, hookTimeout: 60_000 } }),
];

// Run from inside a package folder: that package's project only.
const cwd = process.cwd();
const here = projects.filter(({ root }) => cwd === root || cwd.startsWith(root + sep));

export default defineConfig({ test: { projects: here.length > 0 ? here : projects } });
