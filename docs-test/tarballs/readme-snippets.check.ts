/**
 * The closing check of the docs: a new project outside the repository installs the packed
 * tarballs, and every README block runs there unchanged, on each Node given in JOURNEYKIT_NODES
 * (folders holding a `node`, separated by ":"; default: this one). Run by scripts/tarball-check.mjs.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import { prepareConsumer } from '../src/consumer.js';
import { toolchain } from '../src/project.js';
import { readmes } from '../src/readmes.js';
import { defineSnippetSuite } from '../src/snippet-suite.js';

const consumer = process.env.JOURNEYKIT_CONSUMER_DIR || prepareConsumer();
const nodes = (process.env.JOURNEYKIT_NODES || '')
  .split(':')
  .filter(Boolean)
  .map((bin) => join(bin, 'node'));
if (nodes.length === 0) nodes.push(process.execPath);

let courier: FakeCourierServer;
beforeAll(async () => {
  courier = await startFakeCourier({ apiKey: 'test-key' });
});
afterAll(async () => {
  await courier?.close();
});

for (const node of nodes) {
  const version = execFileSync(node, ['-v'], { encoding: 'utf8' }).trim();
  describe(`${consumer} on Node ${version}`, () => {
    defineSnippetSuite(readmes(), toolchain(join(consumer, 'snippets', version), consumer, node), () => ({
      COURIER_API_KEY: 'test-key',
      COURIER_BASE_URL: courier.url,
    }));
  });
}
