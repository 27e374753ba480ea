import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JourneysConfigurationError, JourneysValidationError, defineJourneys, type InvokeRequest, type JourneysInvoker } from '../../src/index.js';
import { assertJourneyCatalog, untypedOf, withCatalog } from '../../src/internal.js';

const catalog = defineJourneys({ 'order-shipped': { data: z.object({ order_id: z.string() }) } });

function recorder(): JourneysInvoker & { calls: [string, InvokeRequest][] } {
  const calls: [string, InvokeRequest][] = [];
  return { calls, invoke: async (t, r) => (calls.push([t, r]), { runId: 'r' }) };
}

describe('withCatalog', () => {
  it('passes valid calls through untouched and rejects the rest with every problem, sending nothing', async () => {
    const inner = recorder();
    const checked = withCatalog(inner, catalog);
    const request = { user_id: 'u1', data: { order_id: 'o1' } };
    await expect(checked.invoke('order-shipped', request)).resolves.toEqual({ runId: 'r' });
    expect(inner.calls).toEqual([['order-shipped', request]]);
    expect(inner.calls[0]?.[1]).toBe(request);

    const error = await checked.invoke('order-shipped', { user_id: '', data: {} }).catch((e) => e);
    expect(error).toBeInstanceOf(JourneysValidationError);
    expect(error.issues.map((i: { path: unknown[] }) => i.path.join('.'))).toEqual(['data.order_id', 'user_id']);
    await expect(checked.invoke('unknown', { user_id: 'u1' })).rejects.toThrow(/not in the journey catalog/);
    expect(inner.calls).toHaveLength(1);
  });
});

describe('untypedOf and assertJourneyCatalog', () => {
  it('finds the untyped view of an invoker, or the invoker itself', () => {
    const plain = recorder();
    const withView = { ...recorder(), untyped: plain };
    expect(untypedOf(plain)).toBe(plain);
    expect(untypedOf(withView)).toBe(plain);
  });
  it('accepts catalogs from defineJourneys and undefined, refuses anything else', () => {
    expect(assertJourneyCatalog(catalog)).toBe(catalog);
    expect(assertJourneyCatalog(undefined)).toBeUndefined();
    expect(() => assertJourneyCatalog({ journeys: {} })).toThrow(JourneysConfigurationError);
  });
});
