import { badInputs, goodInputs, named } from '@journeykit/test-support/cases';
import { describe, expect, it } from 'vitest';
import { type InvokeRequest } from '../../src/index.js';
import { prepareInvocation } from '../../src/internal.js';
import { invokeRequestSchema, invokeResponseSchema } from '../../src/schemas.js';

// The schemas describe the request alone: the cases whose only problems are in the request.
const requestOnly = badInputs.filter((c) => c.options === undefined && c.paths.every((p) => p !== 'templateId'));

describe('zod schemas agree with the client validation', () => {
  it.each(named(requestOnly))('rejects %s', (_name, { request }) => {
    expect(() => prepareInvocation('welcome', request() as InvokeRequest)).toThrow();
    expect(invokeRequestSchema.safeParse(request()).success).toBe(false);
  });
  it.each(named(goodInputs))('accepts %s', (_name, { request }) => {
    expect(invokeRequestSchema.safeParse(request()).success).toBe(true);
  });
  it('validates the response', () => {
    expect(invokeResponseSchema.safeParse({ runId: '1-a' }).success).toBe(true);
    expect(invokeResponseSchema.safeParse({ runId: '' }).success).toBe(false);
    expect(invokeResponseSchema.safeParse({}).success).toBe(false);
  });
});
