import { describe, expect, it } from 'vitest';
import {
  JourneysAbortError,
  JourneysApiError,
  JourneysClosedError,
  JourneysConfigurationError,
  JourneysConnectionError,
  JourneysTimeoutError,
  JourneysValidationError,
  type JourneysError,
} from '../src/index.js';
import { journeysHttpAnswer } from '../src/internal.js';

describe('journeysHttpAnswer', () => {
  const cases: [JourneysError, number][] = [
    [new JourneysValidationError([{ path: ['data', 'x'], message: 'bad' }], 'welcome'), 400],
    [new JourneysApiError('Courier answered 500: db on fire at 10.0.0.3', 500, { message: 'db on fire' }, 'req-1'), 502],
    [new JourneysApiError('Courier answered 404', 404, {}), 502],
    [new JourneysTimeoutError(100), 503],
    [new JourneysConnectionError('Connection to https://internal.example failed: ECONNRESET'), 503],
    [new JourneysAbortError(), 503],
    [new JourneysClosedError(), 503],
    [new JourneysConfigurationError('No Courier API key'), 500],
  ];
  it.each(cases)('%s -> %i, with a fixed public message', (error, status) => {
    const answer = journeysHttpAnswer(error);
    expect(answer.status).toBe(status);
    expect(answer.code).toBe(error.code);
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
