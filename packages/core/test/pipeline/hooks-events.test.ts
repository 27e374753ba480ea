// The events each hook reports, in order, for a call that retries, succeeds or fails.
import { describe, expect, it, vi } from 'vitest';
import { JourneysClient, type JourneysCallEvent } from '../../src/index.js';
import { json, startLocalServer } from '@journeykit/test-support/local-server';

describe('hooks', () => {
  it('report request start, retry with reason and delay, and response with status and duration', async () => {
    let n = 0;
    const server = await startLocalServer((_q, res) => (n++ === 0 ? json(res, 429, {}, { 'retry-after': '0' }) : json(res, 200, { runId: 'r-1' })));
    const log: string[] = [];
    const seen: JourneysCallEvent[] = [];
    const client = new JourneysClient({
      apiKey: 'k',
      baseUrl: server.url,
      retryDelayMs: 0, // with Retry-After: 0, the wait is the backoff's 0 ms
      hooks: {
        onRequest: (e) => {
          seen.push(e);
          log.push(`request ${e.templateId} #${e.attempt} user=${e.userId}`);
        },
        onRetry: (e) => log.push(`retry #${e.attempt} ${e.reason} ${e.status} in ${e.delayMs}ms (${e.error.code})`),
        onResponse: (e) => log.push(`response #${e.attempt} ${e.status}${e.runId ? ` ${e.runId}` : ''} ${e.durationMs >= 0 ? 'timed' : ''}`),
      },
    });
    await client.invoke('welcome', { user_id: 'u1' }, { idempotencyKey: 'k-1' });
    expect(log).toEqual([
      'request welcome #1 user=u1',
      'response #1 429 timed',
      'retry #1 status 429 in 0ms (ERR_JOURNEYS_API)',
      'request welcome #2 user=u1',
      'response #2 200 r-1 timed',
    ]);
    expect(seen.every((e) => e.idempotencyKey === 'k-1')).toBe(true);
    await client.close();
    await server.close();
  });

  it('a throwing hook is reported as a warning and changes nothing', async () => {
    const server = await startLocalServer();
    // Captured and asserted instead of printed among the test results.
    const warnings: string[] = [];
    const emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation((w: string | Error) => void warnings.push(String(w)));
    const client = new JourneysClient({
      apiKey: 'k',
      baseUrl: server.url,
      hooks: {
        onRequest: () => {
          throw new Error('logger down');
        },
      },
    });
    await expect(client.invoke('welcome', { user_id: 'u1' })).resolves.toEqual({ runId: 'run-1' });
    await new Promise((r) => setImmediate(r));
    emitWarning.mockRestore();
    expect(warnings.some((w) => w.includes('logger down'))).toBe(true);
    await client.close();
    await server.close();
  });

  it('onResponse fires for every complete response, a 2xx without a runId included, then onError', async () => {
    const server = await startLocalServer((_q, res) => json(res, 200, { status: 'ok' }));
    const log: string[] = [];
    const client = new JourneysClient({
      apiKey: 'k',
      baseUrl: server.url,
      hooks: {
        onResponse: (e) => log.push(`response ${e.kind} #${e.attempt} ${e.status} runId=${e.runId}`),
        onError: (e) => log.push(`error ${e.error.code} after ${e.attempt}`),
      },
    });
    const error = await client.invoke('welcome', { user_id: 'u1' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_JOURNEYS_API', status: 200, attempts: 1 });
    expect((error as Error).message).toBe('Courier answered 200 to journey "welcome" without a runId');
    expect(log).toEqual(['response invoke #1 200 runId=undefined', 'error ERR_JOURNEYS_API after 1']);
    await client.close();
    await server.close();
  });

  it('onError reports the final failure once', async () => {
    const server = await startLocalServer((_q, res) => json(res, 404, { message: 'no such journey' }));
    const errors: string[] = [];
    const client = new JourneysClient({
      apiKey: 'k',
      baseUrl: server.url,
      hooks: { onError: (e) => errors.push(`${e.error.code} after ${e.attempt}`) },
    });
    await client.invoke('nope', { user_id: 'u1' }).catch(() => {});
    expect(errors).toEqual(['ERR_JOURNEYS_API after 1']);
    await client.close();
    await server.close();
  });
});
