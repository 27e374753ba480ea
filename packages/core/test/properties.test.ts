import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JourneysClient, JourneysError, JourneysValidationError, prepareInvocation, type InvokeRequest } from '../src/index.js';
import { startLocalServer, type LocalServer } from './support/local-server.js';

/**
 * An independent oracle of "valid", written from DESIGN.md rather than from the implementation:
 * a value is sendable when JSON carries it without loss.
 */
function sendable(value: unknown, seen: object[] = []): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object') return false;
  if (seen.includes(value)) return false;
  if (Array.isArray(value)) return value.every((v) => v !== undefined && sendable(v, [...seen, value]));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return typeof (value as { toJSON?: unknown }).toJSON === 'function';
  return Object.values(value).every((v) => v === undefined || sendable(v, [...seen, value]));
}
const plain = (v: unknown) => v !== null && typeof v === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(v));
const id = (v: unknown): v is string => typeof v === 'string' && v !== '';
function oracle(templateId: unknown, request: unknown): boolean {
  if (typeof templateId !== 'string' || ['', '.', '..'].includes(templateId) || /[\u0000-\u001f\u007f-\u009f]/.test(templateId)) return false;
  if (!plain(request)) return false;
  const r = request as Record<string, unknown>;
  if (Object.keys(r).some((k) => !['user_id', 'profile', 'data'].includes(k))) return false;
  if (r.user_id !== undefined && !id(r.user_id)) return false;
  for (const k of ['profile', 'data']) if (r[k] !== undefined && !(plain(r[k]) && sendable(r[k]))) return false;
  const p = (r.profile ?? {}) as Record<string, unknown>;
  const d = (r.data ?? {}) as Record<string, unknown>;
  const who = [r.user_id, p.user_id, p.userId, p.anonymousId, d.user_id, d.userId, d.anonymousId].some(id);
  return who || id(p.email) || id(p.phone_number);
}

const weird = fc.oneof(
  fc.constant(() => 1),
  fc.constant(Symbol('s')),
  fc.bigInt(),
  fc.constant(Number.NaN),
  fc.constant(Number.POSITIVE_INFINITY),
  fc.constant(undefined),
  fc.constant(new Map()),
  fc.constant(new Date(0)),
);
const jsonish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    weird,
    fc.array(tie('value'), { maxLength: 4 }),
    tie('object'),
  ),
  object: fc.dictionary(
    fc.oneof(fc.constantFrom('user_id', 'userId', 'anonymousId', 'email', 'phone_number', '__proto__', 'constructor'), fc.string()),
    tie('value'),
    { maxKeys: 5 },
  ),
})).value;
const idLike = fc.oneof(
  { arbitrary: fc.string({ minLength: 1, maxLength: 8 }), weight: 4 },
  fc.constant(''),
  fc.integer(),
  fc.constant(undefined),
);
// Mostly clean JSON objects, so valid and invalid inputs both show up often.
const payload = fc.oneof({ arbitrary: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }), weight: 3 }, jsonish);
const requestArb = fc.oneof(
  { weight: 5, arbitrary: fc.record(
    {
      user_id: idLike,
      profile: fc.oneof(payload, fc.record({ email: idLike, userId: idLike, context: fc.record({ tenant_id: fc.string() }) }, { requiredKeys: [] })),
      data: fc.oneof(payload, fc.record({ user_id: idLike, anonymousId: idLike, nested: jsonish }, { requiredKeys: [] })),
    },
    { requiredKeys: [] },
  ) },
  jsonish,
);
const templateArb = fc.oneof(
  { arbitrary: fc.constantFrom('welcome', 'a/b', 'héllo wörld', '...'), weight: 6 },
  fc.constantFrom('', '.', '..', 'x\ny', 'a\u0085b'),
  fc.string(),
  fc.integer(),
);

describe('properties of validation and sending', () => {
  let server: LocalServer;
  let client: JourneysClient;
  beforeAll(async () => {
    server = await startLocalServer();
    client = new JourneysClient({ apiKey: 'k', baseUrl: server.url, maxRetries: 0 });
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('never crashes, only throws JourneysValidationError, and agrees with the oracle', () => {
    fc.assert(
      fc.property(templateArb, requestArb, (templateId, request) => {
        let threw: unknown;
        try {
          const prepared = prepareInvocation(templateId as string, request as InvokeRequest);
          expect(prepared.body).toBe(JSON.stringify(request));
        } catch (err) {
          threw = err;
          expect(err).toBeInstanceOf(JourneysValidationError);
          expect((err as JourneysValidationError).issues.length).toBeGreaterThan(0);
        }
        expect(threw === undefined).toBe(oracle(templateId, request));
      }),
      { numRuns: 3000 },
    );
  });

  it('sends an input if and only if it is valid, and exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(templateArb, requestArb, async (templateId, request) => {
        const before = server.requests.length;
        const outcome = await client.invoke(templateId as string, request as InvokeRequest).then(
          (r) => r,
          (e: unknown) => e,
        );
        const sent = server.requests.length - before;
        if (oracle(templateId, request)) {
          expect(outcome).toEqual({ runId: 'run-1' });
          expect(sent).toBe(1);
          expect(server.requests.at(-1)?.body).toBe(JSON.stringify(request));
        } else {
          expect(outcome).toBeInstanceOf(JourneysError);
          expect(sent).toBe(0);
        }
      }),
      { numRuns: 400 },
    );
  });
});
