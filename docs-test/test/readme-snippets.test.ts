/**
 * Every TypeScript block of README.md and packages/*\/README.md, pasted unchanged into a strict
 * nodenext ESM project (and a CommonJS one where the README says it works): it compiles, and it
 * runs against the fake Courier server (test files under vitest or Jest, scripts under node).
 * A partial block names its missing context in an HTML comment (docs-test/contexts).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import { workspaceToolchain } from '../src/project.js';
import { readmes } from '../src/readmes.js';
import { defineSnippetSuite } from '../src/snippet-suite.js';

let courier: FakeCourierServer;
beforeAll(async () => {
  courier = await startFakeCourier({ apiKey: 'test-key' });
});
afterAll(async () => {
  await courier?.close();
});

// DOCS_TEST_README=packages/core/README.md narrows a run to one README while editing it.
const only = process.env.DOCS_TEST_README;
const files = readmes().filter((f) => only === undefined || f === only);

if (only === undefined) {
  it('finds the root README and every package README', () => {
    expect(files).toContain('README.md');
    expect(files).toEqual(
      expect.arrayContaining(['packages/core/README.md', 'packages/express/README.md', 'packages/nestjs/README.md', 'packages/testkit/README.md']),
    );
  });
}

defineSnippetSuite(files, workspaceToolchain(), () => ({ COURIER_API_KEY: 'test-key', COURIER_BASE_URL: courier.url }));
