import { describe, expect, it } from 'vitest';
import { useFakeCourier } from './support/fake-courier.js';
import { runCli } from './support/run-cli.js';

// Issue 23: after a re-run the summary could not tell new runs from replays of earlier lines, and
// it advised "run again to finish" after failures a re-run cannot fix. Courier sends no header that
// marks a replayed answer (trycourier/docs reference/idempotent-requests.mdx describes the replay,
// not a marker; courier-node reads none), so the command compares with the results file (--out)
// of the earlier run.
const API_KEY = 'sk_test_cli_rerun';
const { server, files, options } = useFakeCourier(API_KEY);
const users = (...ids: string[]) => ids.map((id) => `{"user_id":"${id}"}\n`).join('');

describe('journeykit invoke: what a re-run did', () => {
  it('a re-run with the same --out says how many runs are new and how many were started by the earlier run', async () => {
    const out = files.path('results.ndjson');
    const first = await runCli(['invoke', 'welcome', '--file', files.write('three.ndjson', users('a', 'b', 'c')), '--out', out], options());
    expect(first.stdout).toMatch(
      /started\s+3 {2}\(new runs, or runs an earlier attempt already started; a re-run with this --out tells them apart\)/,
    );
    const again = await runCli(['invoke', 'welcome', '--file', files.write('five.ndjson', users('a', 'b', 'c', 'd', 'e')), '--out', out], options());
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/started\s+5 {2}\(2 new, 3 already started by the run that wrote .*results\.ndjson\)/);
    expect(server.invocations).toHaveLength(5);
  });

  it('a re-run after Courier forgot the keys says which lines started a second run', async () => {
    const out = files.path('expired.ndjson');
    const file = files.write('two-again.ndjson', users('x', 'y'));
    await runCli(['invoke', 'welcome', '--file', file, '--out', out], options());
    server.reset(); // forgets every idempotency key, as Courier does once a key's lifetime is over
    const again = await runCli(['invoke', 'welcome', '--file', file, '--out', out], options());
    expect(again.stdout).toMatch(/started\s+2 {2}\(0 new, 2 started again: their keys had expired \(see --idempotency-expiration\)\)/);
  });

  it('without an earlier results file, the summary says it cannot tell', async () => {
    const run = await runCli(['invoke', 'welcome', '--file', files.write('two.ndjson', users('a', 'b'))], options());
    expect(run.stdout).toMatch(/started\s+2 {2}\(new runs, or runs an earlier attempt already started; --out tells them apart\)/);
  });
});

describe('journeykit invoke: the advice after failures fits the failures', () => {
  it('bad lines only: fix them; no "run again to finish"', async () => {
    const run = await runCli(['invoke', 'welcome', '--file', files.write('bad.ndjson', users('a') + '{"user_id":7}\n')], options());
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('Run the same command again to finish');
    expect(run.stdout).toContain('1 line failed in a way a re-run will not fix (listed above): correct it in the input');
  });

  it('a 401: check the key, then run again', async () => {
    const run = await runCli(['invoke', 'welcome', '--file', files.write('denied.ndjson', users('a', 'b'))], options({ apiKey: 'sk_wrong' }));
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('Run the same command again to finish');
    expect(run.stdout).toContain('Courier answered 401: check COURIER_API_KEY and COURIER_BASE_URL, then run the same command again');
  });

  it('a failure that may pass (503 after the retries): run again to retry it', async () => {
    server.inject({ kind: 'status', status: 503, stored: false }, { times: 1 });
    const run = await runCli(
      ['invoke', 'welcome', '--file', files.write('busy.ndjson', users('a', 'b')), '--max-retries', '0', '--concurrency', '1'],
      options(),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Run the same command again to retry the 1 line that failed for a reason that may pass');
    expect(run.stdout).not.toContain('correct it in the input');
  });
});
