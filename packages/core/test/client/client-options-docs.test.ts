/**
 * The READMEs list every client option, with the default the client really uses: a new option in
 * CLIENT_OPTION_NAMES fails here until both READMEs name it (the root README's list and core's table).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaults } from '../../src/index.js';
import { CLIENT_OPTION_NAMES } from '../../src/internal.js';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const coreReadme = read('../../README.md');
const rootReadme = read('../../../../README.md');

/** The rows of the first table after `heading`: first cell's `name` -> the other cells. */
function tableAfter(markdown: string, heading: string): Map<string, string[]> {
  const start = markdown.indexOf(heading);
  expect(start, `README has a "${heading}" section`).toBeGreaterThanOrEqual(0);
  const lines = markdown.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const rows = new Map<string, string[]>();
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    const [name, ...rest] = line.split(' | ').map((cell) => cell.replace(/^\|\s*|\s*\|$/g, ''));
    rows.set((name ?? '').replace(/`/g, ''), rest);
  }
  return rows;
}

describe('the READMEs document every client option', () => {
  it("core's README: one row per option of CLIENT_OPTION_NAMES, no more", () => {
    const rows = tableAfter(coreReadme, '## Client options');
    expect([...rows.keys()].sort()).toEqual([...CLIENT_OPTION_NAMES].sort());
  });

  it.each(['timeoutMs', 'maxRetries', 'maxRetryAfterMs', 'connections', 'queueTimeoutMs', 'maxRequestBytes', 'maxResponseBytes'] as const)(
    "core's README gives %s the default the client uses",
    (name) => {
      const [defaultCell] = tableAfter(coreReadme, '## Client options').get(name) ?? [];
      expect(defaultCell).toMatch(new RegExp(`^\`${defaults[name]}\``));
    },
  );

  it("core's README gives invokeMany's options the defaults it uses", () => {
    const rows = tableAfter(coreReadme, '## Bulk: invokeMany');
    expect(rows.get('concurrency')?.[0]).toBe(`\`${defaults.invokeMany.concurrency}\``);
    expect(rows.get('maxThrottleRetries')?.[0]).toBe(`\`${defaults.invokeMany.maxThrottleRetries}\``);
  });

  it('the root README names every option where it points to the table', () => {
    const sentence = /Client options \(([^)]*)\)/.exec(rootReadme.replace(/\n/g, ' '))?.[1] ?? '';
    const named = [...sentence.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    expect(named.sort()).toEqual([...CLIENT_OPTION_NAMES].sort());
  });
});
