import { fileURLToPath } from 'node:url';
import { startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import type { EdgeRuntime } from 'edge-runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundleForEdge, edgeSandbox } from './next-edge-sandbox';

// The recipe's edge code (the password-reset route, the invite action) in Vercel's edge runtime with
// Next's additions: core loads through the `edge-light` condition (dist/fetch) and sends with fetch to
// the fake Courier on 127.0.0.1.
const API_KEY = 'sk_test_edge_recipe';
let courier: FakeCourierServer;
let code: string;
let edge: EdgeRuntime;

interface Recipe {
  resetPassword(request: Request): Promise<Response>;
  invite(form: FormData): Promise<{ ok: boolean; runId?: string; error?: string; issues?: unknown[] }>;
}
const recipe = () => edge.context.recipe as Recipe;
const inEdge = {
  request: (body: unknown) =>
    new edge.context.Request('https://shop.example/api/password-reset', { method: 'POST', body: JSON.stringify(body) }) as Request,
  form: (fields: Record<string, string>) => {
    const form = new edge.context.FormData();
    for (const [name, value] of Object.entries(fields)) form.set(name, value);
    return form;
  },
};

beforeAll(async () => {
  courier = await startFakeCourier({ apiKey: API_KEY });
  code = await bundleForEdge(fileURLToPath(new URL('./edge-entry.ts', import.meta.url)));
  edge = edgeSandbox(code, { COURIER_API_KEY: API_KEY, COURIER_BASE_URL: courier.url });
});
afterAll(() => courier?.close());
beforeEach(() => courier.reset());

describe('the recipe on the edge runtime (edge-runtime VM with Next’s sandbox additions)', () => {
  it('bundles core’s fetch build: Node modules required are only those Next’s edge sandbox serves', () => {
    const required = new Set([...code.matchAll(/__require\("(node:[a-z_]+)"\)/g)].map((m) => m[1]));
    expect([...required].sort()).toStrictEqual(['node:buffer']);
    expect(code).not.toMatch(/from "undici"|require\("undici"\)/);
  });

  it('route handler: a 503 is retried under one key, then 202 with the run', async () => {
    courier.inject({ kind: 'status', status: 503, stored: false });
    const answer = await recipe().resetPassword(inEdge.request({ email: 'ada@example.com' }));
    expect(answer.status).toBe(202);
    const { runId } = (await answer.json()) as { runId: string };
    expect(courier.requests.map((r) => r.path)).toStrictEqual(['/journeys/password-reset/invoke', '/journeys/password-reset/invoke']);
    const keys = new Set(courier.requests.map((r) => r.idempotencyKey));
    expect(keys.size).toBe(1);
    expect(courier.invocations).toMatchObject([{ templateId: 'password-reset', runId, request: { profile: { email: 'ada@example.com' } } }]);
  });

  it('route handler: bad input is a 400 saying what to fix, and nothing is sent', async () => {
    const answer = await recipe().resetPassword(inEdge.request({ email: '' }));
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: 'invalid', issues: [{ path: [], message: expect.stringContaining('no user to send to') }] });
    expect(courier.requests).toHaveLength(0);
  });

  it('route handler: a body over maxRequestBytes is a 400, and nothing is sent', async () => {
    // Long enough (with 3 bytes per UTF-16 unit at most) for core to count its bytes exactly.
    const answer = await recipe().resetPassword(inEdge.request({ email: `${'é'.repeat(600_000)}@example.com` }));
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ issues: [{ message: expect.stringContaining('maxRequestBytes') }] });
    expect(courier.requests).toHaveLength(0);
  });

  it('route handler: Courier refusing the key is a 503 whose body has no key', async () => {
    const other = edgeSandbox(code, { COURIER_API_KEY: 'sk_wrong_key', COURIER_BASE_URL: courier.url });
    const answer = await (other.context.recipe as Recipe).resetPassword(
      new other.context.Request('https://shop.example/api/password-reset', { method: 'POST', body: '{"email":"ada@example.com"}' }),
    );
    expect(answer.status).toBe(503);
    const text = await answer.text();
    expect(text).toContain('ERR_JOURNEYS_API');
    expect(text).not.toContain('sk_wrong_key');
  });

  it('server action: returns the run, or what to fix', async () => {
    expect(await recipe().invite(inEdge.form({ email: 'grace@example.com' }))).toMatchObject({ ok: true, runId: expect.any(String) });
    expect(courier.invocations).toMatchObject([{ templateId: 'invite', request: { profile: { email: 'grace@example.com' } } }]);
    expect(await recipe().invite(inEdge.form({ email: '' }))).toMatchObject({
      ok: false,
      error: 'Check the email address',
      issues: [expect.anything()],
    });
    expect(courier.invocations).toHaveLength(1);
  });
});
