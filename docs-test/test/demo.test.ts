/**
 * `pnpm demo`'s script, as a new user sees it: fits 120 columns, shows the validation issue of a
 * rejected request, explains the "(email)" notation, points each row to its route's source file,
 * shows a cancel and a run's status, and has --help. Runs the built sample apps (this package depends on them, so turbo builds them).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runNode } from '../src/project.js';

const DEMO = join(ROOT, 'scripts', 'demo.mjs');
const env = { COURIER_API_KEY: '' };

describe('scripts/demo.mjs', () => {
  it('prints every journey in 120 columns, with issues, sources and the notation explained', async () => {
    const { code, output } = await runNode(process.execPath, [DEMO], ROOT, env);
    expect(code, output).toBe(0);
    const lines = output.trimEnd().split('\n');
    expect(lines.filter((l) => l.length > 120)).toEqual([]);
    expect(output).toMatch(/ERR_JOURNEYS_VALIDATION for the request: no user to send to/);
    expect(output).toContain('(grace@example.com) in parentheses: no user id was given');
    const sources = [...output.matchAll(/^ {2}(apps\/\S+\.ts)/gm)].map((m) => m[1] as string);
    expect(sources).toHaveLength(12);
    for (const source of sources) expect(existsSync(join(ROOT, source)), source).toBe(true);
    expect(output).toContain('0 duplicate runs');
    // Each embedded fake Courier's console, to watch the journeys in a browser.
    expect(output.match(/^ {16}console: http:\/\/127\.0\.0\.1:\d+\/_console\/$/gm)).toHaveLength(2);
    // After the invoke: the order's journey canceled by its token, a run watched from PROCESSING to
    // PROCESSED with its steps, and an unknown run answered 404.
    expect(output).toMatch(/POST \/orders\/ord_\d+\/cancel {2}-> 200\n {2}canceled by token order-ord_\d+; run 1-\S+ is now CANCELED/);
    expect(output).toMatch(/\(right after POST \/signup\) {2}-> 200\n {2}welcome [A-Z ]+; steps: trigger/);
    expect(output).toMatch(/\(0\.4 s later\) {2}-> 200\n {2}welcome PROCESSED; steps: trigger, delay, send \(message_id 1-\S+\)/);
    expect(output).toMatch(/GET \/runs\/1-00000000-unknown {2}-> 404\n {2}ERR_JOURNEYS_RUN_NOT_FOUND/);
    expect(output).toContain('`npx -y pnpm@12.4.2 test`');
  });

  it('explains itself with --help and refuses an unknown option', async () => {
    const help = await runNode(process.execPath, [DEMO, '--help'], ROOT, env);
    expect(help.code).toBe(0);
    expect(help.output).toMatch(/^Usage: npx -y pnpm@12\.4\.2 demo \[--real\] \[--keep\]/);
    const bogus = await runNode(process.execPath, [DEMO, '--bogus'], ROOT, env);
    expect(bogus.code).toBe(2);
    expect(bogus.output).toContain('Unknown option --bogus');
  });
});
