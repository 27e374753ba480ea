/**
 * One line of setup in each adapter: `telemetry: journeysTelemetry()` among the options of
 * Express's `journeys()` and Nest's `JourneysModule.forRoot()` / `forRootAsync()`. A real Express
 * app and a real Nest module call the fake Courier over HTTP; the journey span nests under the
 * request's span and undici's HTTP span under it.
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { journeys } from '@journeykit/express';
import { JourneysModule, JourneysService } from '@journeykit/nestjs';
import { context, trace } from '@opentelemetry/api';
import { Test } from '@nestjs/testing';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { journeysTelemetry } from '../src/index.js';
import { useFakeCourierAndSdk } from './support/harness.js';
import { renderTree } from './support/otel.js';

const API_KEY = 'sk_test_otel_adapters_key';
const t = useFakeCourierAndSdk(API_KEY);

describe('Express: journeys({ telemetry })', () => {
  it('files the journey span under the request span', async () => {
    const app = express();
    // What @opentelemetry/instrumentation-http does for each request: a server span, active for the handlers.
    app.use((req, res, next) => {
      const span = trace.getTracer('app').startSpan(`${req.method} ${req.path}`);
      res.on('finish', () => span.end());
      context.with(trace.setSpan(context.active(), span), next);
    });
    app.use(journeys({ apiKey: API_KEY, baseUrl: t.server.url, telemetry: journeysTelemetry() }));
    app.post('/signup', async (req, res) => {
      const { runId } = await req.journeys.invoke('welcome', { user_id: 'u1' });
      res.json({ runId });
    });
    const listener = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => listener.once('listening', resolve));
    try {
      const { port } = listener.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/signup`, { method: 'POST' });
      expect(response.status).toBe(200);
    } finally {
      await new Promise((resolve) => listener.close(resolve));
    }
    // fetch is undici too: the test's own request shows as a root POST span, apart from the app's tree.
    const appSpans = t.sdk.spans.getFinishedSpans().filter((s) => !(s.name === 'POST' && s.attributes['url.path'] === '/signup'));
    expect(renderTree(appSpans)).toBe(['POST /signup', '  journey.invoke welcome', '    POST'].join('\n'));
  });
});

describe('Nest: JourneysModule.forRoot({ telemetry }) and forRootAsync', () => {
  it.each([
    ['forRoot', () => JourneysModule.forRoot({ apiKey: API_KEY, baseUrl: t.server.url, telemetry: journeysTelemetry() })],
    [
      'forRootAsync',
      () => JourneysModule.forRootAsync({ useFactory: () => ({ apiKey: API_KEY, baseUrl: t.server.url, telemetry: journeysTelemetry() }) }),
    ],
  ])('%s: the journey span nests under the active span', async (_form, module) => {
    const moduleRef = await Test.createTestingModule({ imports: [module()] }).compile();
    await moduleRef.init();
    try {
      const service = moduleRef.get(JourneysService);
      await trace.getTracer('app').startActiveSpan('POST /orders', async (span) => {
        await service.invoke('order-shipped', { user_id: 'u1' });
        span.end();
      });
    } finally {
      await moduleRef.close();
    }
    expect(renderTree(t.sdk.spans.getFinishedSpans())).toBe(['POST /orders', '  journey.invoke order-shipped', '    POST'].join('\n'));
  });
});
