import { describe, expect, it } from 'vitest';
import { type InvokeRequest } from '../src/index.js';
import { prepareInvocation } from '../src/internal.js';
import { invokeRequestSchema, invokeResponseSchema } from '../src/schemas.js';
import { badInputs, goodInputs } from './support/cases.js';

const requestOnly = badInputs.filter(([, templateId, , options]) => templateId === 'welcome' && options === undefined);

describe('zod schemas agree with the client validation', () => {
  it.each(requestOnly)('rejects %s', (_name, _t, request) => {
    expect(() => prepareInvocation('welcome', request as InvokeRequest)).toThrow();
    expect(invokeRequestSchema.safeParse(request).success).toBe(false);
  });
  it.each(goodInputs)('accepts %s', (_name, request) => {
    expect(invokeRequestSchema.safeParse(request).success).toBe(true);
  });
  it('validates the response', () => {
    expect(invokeResponseSchema.safeParse({ runId: '1-a' }).success).toBe(true);
    expect(invokeResponseSchema.safeParse({ runId: '' }).success).toBe(false);
    expect(invokeResponseSchema.safeParse({}).success).toBe(false);
  });
});
