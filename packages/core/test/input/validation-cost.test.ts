import { describe, expect, it } from 'vitest';
import { JourneysValidationError, type InvokeRequest } from '../../src/index.js';
import { MAX_LISTED_ISSUES } from '../../src/internal.js';
import { prepareInvocation } from '../../src/internal.js';
import { invokeRequestSchema } from '../../src/schemas.js';

// Generous bounds (the machine is shared): the point is "milliseconds, not seconds or a crash".
const FAST_MS = 1000;

function sparse(length: number): unknown[] {
  const items: unknown[] = [];
  items.length = length;
  return items;
}

/** Shared (non-circular) references: JSON would write 2^depth leaves. */
function doubling(depth: number): Record<string, unknown> {
  let node: Record<string, unknown> = { leaf: 'x' };
  for (let i = 0; i < depth; i++) node = { a: node, b: node };
  return node;
}

function rejectTimed(request: unknown, maxRequestBytes?: number): { error: JourneysValidationError; ms: number } {
  const started = performance.now();
  let error: unknown;
  try {
    prepareInvocation('welcome', request as InvokeRequest, undefined, maxRequestBytes);
  } catch (err) {
    error = err;
  }
  const ms = performance.now() - started;
  expect(error).toBeInstanceOf(JourneysValidationError);
  return { error: error as JourneysValidationError, ms };
}

describe('validation cost is bounded by maxRequestBytes', () => {
  it.each([2 ** 32 - 1, 1e7, 1e6])('a sparse array of length %d is rejected at once, with a short message', (length) => {
    const { error, ms } = rejectTimed({ user_id: 'u1', data: { items: sparse(length) } });
    expect(ms).toBeLessThan(FAST_MS);
    expect(error.message).toMatch(/over the 1048576-byte limit \(maxRequestBytes\)/);
    expect(error.message.length).toBeLessThan(2000);
  });

  it.each([24, 30])('shared references %d levels deep (2^D paths) stop as soon as the limit is passed', (depth) => {
    const { error, ms } = rejectTimed({ user_id: 'u1', data: doubling(depth) });
    expect(ms).toBeLessThan(FAST_MS);
    expect(error.message).toMatch(/maxRequestBytes/);
  });

  it('a body under the limit with shared references is still accepted, and sent expanded like JSON.stringify does', () => {
    const data = doubling(10);
    const prepared = prepareInvocation('welcome', { user_id: 'u1', data });
    expect(prepared.body).toBe(JSON.stringify({ user_id: 'u1', data }));
  });

  it('a body exactly at the limit passes; one byte over fails', () => {
    const request = { user_id: 'u1', data: { s: 'é'.repeat(100), n: [1, true, null, { a: [] }] } };
    const bytes = Buffer.byteLength(JSON.stringify(request));
    expect(prepareInvocation('welcome', request, undefined, bytes).body).toBe(JSON.stringify(request));
    expect(() => prepareInvocation('welcome', request, undefined, bytes - 1)).toThrow(/maxRequestBytes/);
  });

  it('lists at most MAX_LISTED_ISSUES problems and counts the rest ("and N more")', () => {
    const { error } = rejectTimed({ user_id: 'u1', data: { items: Array.from({ length: 100_000 }, () => Number.NaN) } });
    expect(error.issues).toHaveLength(MAX_LISTED_ISSUES);
    expect(error.unlisted).toBe(100_000 - MAX_LISTED_ISSUES);
    expect(error.message).toContain(`(100000 problems)`);
    expect(error.message).toContain(`... and ${100_000 - MAX_LISTED_ISSUES} more`);
    expect(error.message.length).toBeLessThan(5000);
  });

  it('nesting deeper than JSON can stringify is reported, not a stack overflow', () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    const { error, ms } = rejectTimed({ user_id: 'u1', data: deep });
    expect(ms).toBeLessThan(FAST_MS);
    expect(error.message).toMatch(/nested deeper than \d+ levels/);
  });

  it('the zod schema is bounded the same way', () => {
    const started = performance.now();
    expect(invokeRequestSchema.safeParse({ user_id: 'u1', data: { items: sparse(2 ** 32 - 1), d: doubling(30) } }).success).toBe(false);
    expect(performance.now() - started).toBeLessThan(FAST_MS);
  });
});
