/**
 * The `until` directive: a README block that runs as a service (an outbox worker) is stopped by
 * SIGTERM once it printed the text, and passes only if it then ends.
 */
import { tmpdir } from 'node:os';
import { expect, it } from 'vitest';
import { parseDirectives } from '../src/extract.js';
import { runNode } from '../src/project.js';

it('reads until: with the text after the colon', () => {
  expect(parseDirectives(' until: welcome started ').until).toBe('welcome started');
  expect(parseDirectives(' no-run: port 3000 ').until).toBeUndefined();
});

it('stops a service by SIGTERM once it printed the text, and counts the end by that signal as success', async () => {
  const service = "console.log('welcome started'); setInterval(() => {}, 1000);";
  const result = await runNode(process.execPath, ['-e', service], tmpdir(), {}, 30_000, 'welcome started');
  expect(result.output).toContain('sending SIGTERM');
  expect(result.code).toBe(0);
});

it('fails a service that never prints the text', async () => {
  const result = await runNode(process.execPath, ['-e', 'setInterval(() => {}, 1000);'], tmpdir(), {}, 1_500, 'welcome started');
  expect(result.output).toContain('killed after');
  expect(result.code).not.toBe(0);
});

it('fails a service that ignores SIGTERM', async () => {
  const stubborn = "process.on('SIGTERM', () => {}); console.log('welcome started'); setInterval(() => {}, 1000);";
  const result = await runNode(process.execPath, ['-e', stubborn], tmpdir(), {}, 3_000, 'welcome started');
  expect(result.code).not.toBe(0);
});
