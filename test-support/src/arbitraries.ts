import fc from 'fast-check';

/**
 * Generators of arbitrary JSON-ish invocations (valid and invalid, about 30% valid) and an
 * independent oracle of validity, written from the rules in packages/core/README.md ("Who the
 * journey is for", "What is sent is what was validated"), not from the implementation. Used by core's
 * property tests and by the test kit's fake-versus-real agreement test.
 */

/** The oracle's notion of sendable: JSON carries the value without loss. */
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
// What JSON sends for a value: its toJSON() when it has one (a Date becomes its ISO string). The
// client validates that, so an identifier given as a Date is the string Courier receives.
const sent = (v: unknown): unknown =>
  v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function' ? (v as { toJSON(): unknown }).toJSON() : v;
const id = (v: unknown): boolean => {
  const s = sent(v);
  return typeof s === 'string' && s !== '';
};
export function oracle(templateId: unknown, request: unknown): boolean {
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
const idLike = fc.oneof({ arbitrary: fc.string({ minLength: 1, maxLength: 8 }), weight: 4 }, fc.constant(''), fc.integer(), fc.constant(undefined));
// Mostly clean JSON objects, so valid and invalid inputs both show up often.
const payload = fc.oneof({ arbitrary: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }), weight: 3 }, jsonish);
export const requestArb = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record(
      {
        user_id: idLike,
        profile: fc.oneof(
          payload,
          fc.record({ email: idLike, userId: idLike, context: fc.record({ tenant_id: fc.string() }) }, { requiredKeys: [] }),
        ),
        data: fc.oneof(payload, fc.record({ user_id: idLike, anonymousId: idLike, nested: jsonish }, { requiredKeys: [] })),
      },
      { requiredKeys: [] },
    ),
  },
  jsonish,
);
export const templateArb = fc.oneof(
  { arbitrary: fc.constantFrom('welcome', 'a/b', 'héllo wörld', '...'), weight: 6 },
  fc.constantFrom('', '.', '..', 'x\ny', 'a\u0085b'),
  fc.string(),
  fc.integer(),
);
