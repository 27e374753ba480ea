// Moves to test/ once main (cancel and runs.* on the request pipeline) is merged: it needs that client.
// Verified against main 08ee0ee merged with this branch: passes.
/**
 * Cancel and the run reads through the client's pipeline: each call one span, named for the call,
 * with the run it is about, over real HTTP to the fake Courier.
 */
import { JourneysClient } from '@journeykit/core';
import { expect, it } from 'vitest';
import { journeysTelemetry } from '../src/index.js';
import { useFakeCourierAndSdk } from './support/harness.js';
import { findSpan, renderTree } from './support/otel.js';

const API_KEY = 'sk_test_otel_lifecycle';
const t = useFakeCourierAndSdk(API_KEY);

it('runs.get, runs.steps, cancel by run id and runs.list are spans of their own, with the run id, each over its HTTP span', async () => {
  const client = new JourneysClient({ apiKey: API_KEY, baseUrl: t.server.url, telemetry: journeysTelemetry() });
  try {
    const { runId } = await client.invoke('order-shipped', { user_id: 'u1' });
    await client.runs.get(runId);
    await client.runs.steps(runId);
    await client.cancel({ run_id: runId });
    const listed: string[] = [];
    for await (const run of client.runs.list({ template_id: ['order-shipped'] })) listed.push(run.run_id);
    expect(listed).toContain(runId);
    const spans = t.sdk.spans.getFinishedSpans();
    expect(renderTree(spans)).toBe(
      [
        'journey.invoke order-shipped',
        '  POST',
        'journey.runs.get',
        '  GET',
        'journey.runs.steps',
        '  GET',
        'journey.cancel',
        '  POST',
        'journey.runs.list',
        '  GET',
      ].join('\n'),
    );
    for (const name of ['journey.runs.get', 'journey.runs.steps', 'journey.cancel']) {
      expect(findSpan(spans, name).attributes).toMatchObject({
        'journeykit.run.id': runId,
        'journeykit.outcome': 'success',
        'journeykit.attempts': 1,
      });
    }
    expect(findSpan(spans, 'journey.runs.get').attributes['http.request.method']).toBe('GET');
  } finally {
    await client.close();
  }
});
