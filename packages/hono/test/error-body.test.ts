/** The error-body table every adapter answers alike (Express, Nest, Fastify, Hono), through `app.onError(journeysErrorHandler())`. */
import * as core from '@journeykit/core';
import type { JourneysError } from '@journeykit/core';
import { journeysErrorBody as coreErrorBody } from '@journeykit/core/internal';
import { ADAPTER_ERROR_EXPORTS, ERROR_BODY_CASES, ERROR_BODY_SECRET } from '@journeykit/test-support/error-bodies';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import * as adapter from '../src/index.js';
import { journeysErrorBody, journeysErrorHandler } from '../src/index.js';

describe('journeysErrorHandler()', () => {
  it.each(ERROR_BODY_CASES)(
    '$name: answers $body.statusCode with the one error body, keeping the internals on the server',
    async ({ error, body }) => {
      const thrown = error(core);
      const seen: Array<{ code: string; path: string }> = [];
      const app = new Hono();
      app.get('/', () => {
        throw thrown;
      });
      app.onError(journeysErrorHandler({ onError: (e, c) => seen.push({ code: e.code, path: c.req.path }) }));
      const answer = await app.request('/');
      const text = await answer.text();
      expect(answer.status).toBe(body.statusCode);
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expect(JSON.parse(text)).toStrictEqual(body);
      expect(JSON.parse(text)).toStrictEqual(journeysErrorBody(thrown as JourneysError));
      expect(text).not.toContain(ERROR_BODY_SECRET);
      expect(seen).toStrictEqual([{ code: body.code, path: '/' }]);
    },
  );

  it.each(ADAPTER_ERROR_EXPORTS)('%s is core’s own', (name) => {
    expect(adapter[name]).toBe(core[name]);
  });
  it('journeysErrorBody is core’s own', () => {
    expect(journeysErrorBody).toBe(coreErrorBody);
  });
});
