import { describe, expect, it } from 'vitest';
import {
  JourneysAbortError,
  JourneysApiError,
  JourneysClosedError,
  JourneysConfigurationError,
  JourneysConnectionError,
  JourneysQueueTimeoutError,
  JourneysRunNotFoundError,
  JourneysTimeoutError,
  JourneysValidationError,
  type JourneysError,
} from '../../src/index.js';
import { journeysHttpAnswer } from '../../src/internal.js';

describe('journeysHttpAnswer', () => {
  // The one full table: the adapters' tests only prove they answer with what this returns.
  const cases: [JourneysError, number, string][] = [
    [new JourneysValidationError([{ path: ['data', 'x'], message: 'bad' }], 'welcome'), 400, 'The request cannot start this journey: it is invalid'],
    [
      new JourneysApiError('Courier answered 500: db on fire at 10.0.0.3', 500, { message: 'db on fire' }, 'req-1'),
      502,
      'The notification service answered with an error',
    ],
    [new JourneysApiError('Courier answered 404', 404, {}), 502, 'The notification service answered with an error'],
    [new JourneysRunNotFoundError('run-1', 'Courier answered 404: no run run-1 at internal.example', {}), 404, 'The journey run was not found'],
    [new JourneysTimeoutError(100, { cause: new Error('ECONNRESET') }), 503, 'The notification service did not answer in time'],
    [new JourneysQueueTimeoutError(100, 4), 503, 'The notification service client is overloaded'],
    [new JourneysConnectionError('Connection to https://internal.example failed: ECONNRESET'), 503, 'The notification service could not be reached'],
    [new JourneysAbortError(), 503, 'The journey request was cancelled'],
    [new JourneysClosedError(), 503, 'The notification service client is shutting down'],
    [new JourneysConfigurationError('No Courier API key'), 500, 'Notifications are not configured correctly on this server'],
  ];
  it.each(cases)('%s -> %i, with a fixed public message', (error, status, message) => {
    const answer = journeysHttpAnswer(error);
    expect(answer).toStrictEqual({ status, code: error.code, message, ...(status === 400 ? { issues: expect.any(Array) } : {}) });
    expect(answer.message).not.toBe(error.message);
    expect(JSON.stringify(answer)).not.toMatch(/db on fire|10\.0\.0\.3|internal\.example|ECONNRESET|No Courier API key/);
  });
  it('lists the issues of a validation error, copied', () => {
    const error = new JourneysValidationError([{ path: ['data', 'x'], message: 'bad' }], 'welcome');
    const answer = journeysHttpAnswer(error);
    expect(answer.issues).toEqual([{ path: ['data', 'x'], message: 'bad' }]);
    expect(answer.issues?.[0]?.path).not.toBe(error.issues[0]?.path);
  });
});
