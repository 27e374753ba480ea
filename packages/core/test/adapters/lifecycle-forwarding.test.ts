import { describe, expect, it } from 'vitest';
import { JourneysConfigurationError, type JourneyRun } from '../../src/index.js';
import { collectOptionIssues, forwardLifecycle } from '../../src/internal.js';

// The adapters' lifecycle calls (req.journeys, JourneysService) go through this forwarder; the
// adapters' own tests run it over real apps, these pin its two paths in isolation.
const owner = { caller: 'req.journeys', option: 'journeys({ client })' };
const run: JourneyRun = { run_id: 'r-1', source: ['api'], status: 'PROCESSED' };

describe('forwardLifecycle', () => {
  it('passes every call to the client, with its own this', async () => {
    const seen: string[] = [];
    const client = {
      cancel(request: unknown, options: unknown) {
        seen.push(`cancel ${JSON.stringify(request)} ${JSON.stringify(options)}`);
        return Promise.resolve({ cancelation_token: 't' });
      },
      runs: {
        tag: 'runs',
        get(this: { tag: string }, runId: string) {
          seen.push(`${this.tag}.get ${runId}`);
          return Promise.resolve(run);
        },
        steps: (runId: string) => Promise.resolve([{ action: 'send', status: 'PROCESSED', node_id: runId }]),
        waitFor: () => Promise.resolve(run),
        list: async function* () {
          yield run;
        },
      },
    };
    const lifecycle = forwardLifecycle(client, owner);
    await expect(lifecycle.cancel({ cancelation_token: 't' }, { idempotencyKey: 'k' })).resolves.toEqual({ cancelation_token: 't' });
    await expect(lifecycle.runs.get('r-1')).resolves.toBe(run);
    await expect(lifecycle.runs.steps('r-9')).resolves.toEqual([{ action: 'send', status: 'PROCESSED', node_id: 'r-9' }]);
    await expect(lifecycle.runs.waitFor('r-1')).resolves.toBe(run);
    const listed: JourneyRun[] = [];
    for await (const r of lifecycle.runs.list()) listed.push(r);
    expect(listed).toEqual([run]);
    expect(seen).toEqual(['cancel {"cancelation_token":"t"} {"idempotencyKey":"k"}', 'runs.get r-1']);
  });

  it('an invoke-only client: each lifecycle call rejects with a configuration error naming the method and the fix', async () => {
    const lifecycle = forwardLifecycle({ invoke: () => Promise.resolve({ runId: 'r' }) }, owner);
    const cancel = await lifecycle.cancel({ run_id: 'r' }).catch((e: unknown) => e);
    expect(cancel).toBeInstanceOf(JourneysConfigurationError);
    expect((cancel as Error).message).toMatch(
      /^req\.journeys\.cancel\(\) needs a client that implements it: the client given to journeys\(\{ client \}\) has no cancel\(\)/,
    );
    await expect(lifecycle.runs.get('r')).rejects.toThrow(/req\.journeys\.runs\.get\(\) needs a client/);
    await expect(lifecycle.runs.steps('r')).rejects.toThrow(/runs\.steps\(\)/);
    await expect(lifecycle.runs.waitFor('r')).rejects.toThrow(/runs\.waitFor\(\)/);
    // Like the client's own list: nothing fails until the loop asks for the first run.
    const iterator = lifecycle.runs.list()[Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toThrow(/runs\.list\(\) needs a client/);
  });
});

describe('collectOptionIssues', () => {
  it('lists every problem of a call options object, under options.*', () => {
    expect(collectOptionIssues(undefined)).toEqual([]);
    expect(collectOptionIssues('fast' as never)).toEqual([{ path: ['options'], message: 'must be an object, got a string (4 characters)' }]);
    const issues = collectOptionIssues({
      idempotencyKey: ' k ',
      timeoutMs: 0,
      maxRetries: 1.5,
      signal: {} as never,
      idempotencyExpiresAt: new Date(Number.NaN),
    });
    expect(issues.map((i) => i.path.join('.'))).toEqual([
      'options.idempotencyKey',
      'options.idempotencyExpiresAt',
      'options.timeoutMs',
      'options.maxRetries',
      'options.signal',
    ]);
    expect(issues[2]?.message).toBe('must be a positive number up to 2147483647 (milliseconds), got 0');
  });
});
