import {
  JourneysAbortError,
  JourneysApiError,
  JourneysClosedError,
  JourneysConfigurationError,
  JourneysConnectionError,
  JourneysTimeoutError,
  JourneysValidationError,
  type JourneysError,
} from '@journeykit/core';
import { describe, expect, it } from 'vitest';
import { journeysErrorResponse } from '../src/index.js';

describe('journeysErrorResponse', () => {
  const cases: Array<[JourneysError, number, string]> = [
    [new JourneysApiError('Courier answered 500', 500, { message: 'internal detail' }, 'req-1'), 502, 'Bad Gateway'],
    [new JourneysApiError('Courier answered 404', 404, { message: 'no such journey' }), 502, 'Bad Gateway'],
    [new JourneysConnectionError('Connection to https://api.courier.com failed: ECONNRESET'), 502, 'Bad Gateway'],
    [new JourneysTimeoutError(5_000), 504, 'Gateway Timeout'],
    [new JourneysAbortError(), 503, 'Service Unavailable'],
    [new JourneysClosedError(), 503, 'Service Unavailable'],
    [new JourneysConfigurationError('No Courier API key'), 500, 'Internal Server Error'],
  ];

  it.each(cases)('%s answers %i without upstream details', (error, statusCode, reason) => {
    const body = journeysErrorResponse(error);
    expect(body).toEqual({ statusCode, error: reason, code: error.code, message: 'The journey could not be started' });
    expect(JSON.stringify(body)).not.toMatch(/internal detail|no such journey|ECONNRESET|api\.courier\.com/);
  });

  it('answers a validation error with 400 and every issue', () => {
    const error = new JourneysValidationError(
      [
        { path: ['templateId'], message: 'must not be empty' },
        { path: ['data', 'items', 2], message: 'must be JSON' },
      ],
      '',
    );
    expect(journeysErrorResponse(error)).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      code: 'ERR_JOURNEYS_VALIDATION',
      message: 'Invalid journey invocation (2 problems); nothing was sent',
      issues: [
        { path: ['templateId'], message: 'must not be empty' },
        { path: ['data', 'items', 2], message: 'must be JSON' },
      ],
    });
  });
});
