/**
 * courier-node src/resources/journeys/journeys.ts, JourneyRun: "`status` and `created_at` are absent
 * on a small number of legacy runs stored without them." Such a run has nothing to wait for.
 */
import { describe, expect, it } from 'vitest';
import { json } from '@journeykit/test-support/local-server';
import { useScriptedServer } from '../support/scripted-server.js';

const { server, client, script } = useScriptedServer({ apiKey: 'sk_test_legacy_0123456789', retryDelayMs: 1 });

describe('a legacy run without status', () => {
  it('runs.get answers it as it is', async () => {
    script((_q, res) => json(res, 200, { run: { run_id: 'old', source: [] } }));
    await expect(client().runs.get('old')).resolves.toEqual({ run_id: 'old', source: [] });
  });

  it('runs.waitFor returns it after one poll instead of polling until its timeout', async () => {
    script((_q, res) => json(res, 200, { run: { run_id: 'old', source: [] } }));
    const started = Date.now();
    const run = await client().runs.waitFor('old', { timeoutMs: 5_000, pollIntervalMs: 50 });
    expect(run).toEqual({ run_id: 'old', source: [] });
    expect(run.status).toBeUndefined();
    expect(server.requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
