import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JourneysClient, JourneysValidationError } from '../../src/index.js';
import { json, startLocalServer, type LocalServer } from '@journeykit/test-support/local-server';

// A run id becomes one path segment of GET /journeys/runs/{runId}[/steps]. encodeURIComponent
// leaves "." and ".." as they are, and a URL resolver (undici's, a proxy's, a CDN's) turns
// /journeys/runs/.. into /journeys/ and /journeys/runs/../steps into /journeys/steps: the bearer
// token would reach another endpoint. The same rule as for a template ID: refuse them, send nothing.
let server: LocalServer;
const clients: JourneysClient[] = [];
beforeAll(async () => {
  server = await startLocalServer();
  server.respond = (_q, res) => json(res, 200, { run: { run_id: 'x', source: [] }, steps: [] });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  server.requests.length = 0;
});
afterAll(() => server.close());

describe('a run id that is a dot segment', () => {
  it.each([
    ['runs.get', '.'],
    ['runs.get', '..'],
    ['runs.steps', '.'],
    ['runs.steps', '..'],
    ['runs.waitFor', '..'],
  ] as const)('%s(%j) is a JourneysValidationError and nothing is sent', async (method, runId) => {
    const client = new JourneysClient({ apiKey: 'sk_test_dot_segments', baseUrl: server.url, maxRetries: 0 });
    clients.push(client);
    const call =
      method === 'runs.get'
        ? client.runs.get(runId)
        : method === 'runs.steps'
          ? client.runs.steps(runId)
          : client.runs.waitFor(runId, { timeoutMs: 1_000 });
    await expect(call).rejects.toBeInstanceOf(JourneysValidationError);
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });
});
