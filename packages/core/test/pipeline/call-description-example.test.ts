/**
 * CallDescription's TSDoc example says it is what runGetCall returns: it is compared with
 * runGetCall's source, so the two cannot drift apart again (issue 25 found them apart).
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const source = (file: string) => readFileSync(new URL(`../../src/${file}`, import.meta.url), 'utf8');
const words = (code: string) =>
  code
    .replace(/\s+/g, ' ')
    .replace(/,\s*([}\]])/g, ' $1')
    .trim();

it("CallDescription's example is runGetCall's description, field for field", () => {
  const doc = source('pipeline/request-pipeline.ts');
  const exampleStart = doc.indexOf(' * const call: CallDescription<JourneyRun> = {');
  expect(exampleStart).toBeGreaterThan(0);
  const example = doc
    .slice(exampleStart, doc.indexOf(' * };', exampleStart))
    .split('\n')
    .map((line) => line.replace(/^ \* ?/, ''))
    .slice(1)
    .join('\n');

  const endpoints = source('calls/endpoints.ts');
  const fnStart = endpoints.indexOf('export function runGetCall(');
  const bodyStart = endpoints.indexOf('return {', fnStart) + 'return {'.length;
  const code = endpoints.slice(bodyStart, endpoints.indexOf('\n  };', bodyStart));

  expect(words(example)).toBe(words(code));
});
