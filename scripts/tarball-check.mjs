#!/usr/bin/env node
// Packs the four packages, installs the tarballs in a new project under the system temp folder,
// and runs every README block there unchanged (tsc, node, vitest, Jest in CJS and ESM).
//   node scripts/tarball-check.mjs [--node <folder with node>]... [--keep <dir>]
// Each --node runs every block again on that Node (default: the Node running this script).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { node: { type: 'string', multiple: true }, consumer: { type: 'string' } } });
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = {
  ...process.env,
  JOURNEYKIT_NODES: (values.node ?? [dirname(process.execPath)]).join(':'),
  JOURNEYKIT_CONSUMER_DIR: values.consumer ?? '',
};
const result = spawnSync(
  'pnpm',
  ['--filter', '@journeykit/docs-test', 'exec', 'vitest', 'run', '--config', 'vitest.tarballs.config.ts', '--reporter=verbose'],
  {
    cwd: root,
    env,
    stdio: 'inherit',
  },
);
process.exitCode = result.status ?? 1;
