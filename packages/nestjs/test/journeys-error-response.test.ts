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
  const cases: Array<[JourneysError, number, string, string]> = [
    [new JourneysApiError('Courier answered 500', 500, { message: 'internal detail' }, 'req-1'), 502, 'Bad Gateway', 'The notification service answered with an error'],
    [new JourneysApiError('Courier answered 404', 404, { message: 'no such journey' }), 502, 'Bad Gateway', 'The notification service answered with an error'],
    [new JourneysConnectionError('Connection to https://api.courier.com failed: ECONNRESET'), 503, 'Service Unavailable', 'The notification service could not be reached'],
    [new JourneysTimeoutError(5_000), 503, 'Service Unavailable', 'The notification service did not answer in time'],
    [new JourneysAbortError(), 503, 'Service Unavailable', 'The journey request was cancelled'],
    [new JourneysClosedError(), 503, 'Service Unavailable', 'The notification service client is shutting down'],
    [new JourneysConfigurationError('No Courier API key'), 500, 'Internal Server Error', 'Notifications are not configured correctly on this server'],
  ];

  it.each(cases)('%s answers %i without upstream details', (error, statusCode, reason, message) => {
    const body = journeysErrorResponse(error);
    expect(body).toEqual({ statusCode, error: reason, code: error.code, message });
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
      message: 'The request cannot start this journey: it is invalid',
      issues: [
        { path: ['templateId'], message: 'must not be empty' },
        { path: ['data', 'items', 2], message: 'must be JSON' },
      ],
    });
  });
});
