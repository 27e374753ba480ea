import { describe, expect, it } from 'vitest';
import {
  JourneysApiError,
  JourneysRunNotFoundError,
  JourneysTimeoutError,
  JourneysValidationError,
  journeysErrorSummary,
  type JourneysError,
  type JourneysErrorSummary,
} from '../../src/index.js';

const ECHO = 'Invalid data: {"profile":{"email":"ada@example.com"},"data":{"ssn":"123-45-6789"}}';

describe('journeysErrorSummary: nothing the request carried, nothing the server wrote in free text', () => {
  const cases: [string, JourneysError, JourneysErrorSummary][] = [
    [
      "an API error keeps the status, Courier's type and the request id, never the server's message",
      new JourneysApiError(
        `Courier answered 400 to journey "welcome": ${ECHO}`,
        400,
        { message: ECHO, type: 'invalid_request_error' },
        'req_8f2a9c',
        {
          attempts: 1,
        },
      ),
      {
        code: 'ERR_JOURNEYS_API',
        attempts: 1,
        status: 400,
        type: 'invalid_request_error',
        requestId: 'req_8f2a9c',
        message: 'Courier answered 400 (invalid_request_error), request id req_8f2a9c',
      },
    ],
    [
      'a type or request id that is not shaped like one (an echo) is left out',
      new JourneysApiError(`Courier answered 503: ${ECHO}`, 503, { message: ECHO, type: 'ada@example.com' }, `req-1 ${ECHO}`, { attempts: 3 }),
      { code: 'ERR_JOURNEYS_API', attempts: 3, status: 503, message: 'Courier answered 503' },
    ],
    [
      'a body that is text, not JSON',
      new JourneysApiError(`Courier answered 502: ${ECHO}`, 502, ECHO, undefined),
      { code: 'ERR_JOURNEYS_API', attempts: 0, status: 502, message: 'Courier answered 502' },
    ],
    [
      'a success the client could not read',
      new JourneysApiError('Courier answered 200 to journey "welcome" without a runId', 200, { note: ECHO }, 'r1', { attempts: 1 }),
      {
        code: 'ERR_JOURNEYS_API',
        attempts: 1,
        status: 200,
        requestId: 'r1',
        message: 'Courier answered 200 with an answer journeykit could not read, request id r1',
      },
    ],
    [
      'an unknown run',
      new JourneysRunNotFoundError('run-1', `Courier answered 404: ${ECHO}`, { message: ECHO, type: 'not_found' }, undefined, { attempts: 1 }),
      { code: 'ERR_JOURNEYS_RUN_NOT_FOUND', attempts: 1, status: 404, type: 'not_found', message: 'Courier answered 404 (not_found)' },
    ],
    [
      "a validation error names the fields, never the schema's words about their values",
      new JourneysValidationError([{ path: ['data', 'plan'], message: "expected 'free' | 'pro', got 'ada@example.com'" }], 'welcome', 2),
      { code: 'ERR_JOURNEYS_VALIDATION', attempts: 0, message: 'Invalid journey invocation (3 problems); nothing was sent: data.plan, and 2 more' },
    ],
    [
      "any other error is journeykit's own message",
      new JourneysTimeoutError(30, { attempts: 3 }),
      { code: 'ERR_JOURNEYS_TIMEOUT', attempts: 3, message: 'Courier did not answer within 30 ms' },
    ],
  ];

  it.each(cases)('%s', (_name, error, expected) => {
    const summary = journeysErrorSummary(error);
    expect(summary).toStrictEqual(expected);
    expect(JSON.stringify(summary)).not.toMatch(/ada@example\.com|123-45-6789/);
  });

  it('reads an error from another copy of core by its fields', () => {
    const foreign = Object.assign(new Error(`Courier answered 429: ${ECHO}`), {
      code: 'ERR_JOURNEYS_API',
      status: 429,
      body: { type: 'rate_limit_error' },
      attempts: 2,
    });
    expect(journeysErrorSummary(foreign as unknown as JourneysError)).toStrictEqual({
      code: 'ERR_JOURNEYS_API',
      attempts: 2,
      status: 429,
      type: 'rate_limit_error',
      message: 'Courier answered 429 (rate_limit_error)',
    });
  });
});
