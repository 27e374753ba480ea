import { JourneysApiError, JourneysValidationError } from '@journeykit/core';
import { journeysHttpAnswer } from '@journeykit/core/internal';
import { describe, expect, it } from 'vitest';
import { journeysErrorResponse } from '../src/index.js';

// Which status and message each error gets is core's table (journeysHttpAnswer's own test): these prove
// the Nest body is that answer in Nest's shape, with the status's reason phrase.
describe('journeysErrorResponse', () => {
  it("answers with core's journeysHttpAnswer, shaped like Nest's error bodies, without upstream details", () => {
    const error = new JourneysApiError('Courier answered 500', 500, { message: 'internal detail' }, 'req-1');
    const { status, code, message } = journeysHttpAnswer(error);
    const body = journeysErrorResponse(error);
    expect(body).toEqual({ statusCode: status, error: 'Bad Gateway', code, message });
    expect(JSON.stringify(body)).not.toMatch(/internal detail|Courier answered/);
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
