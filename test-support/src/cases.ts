/**
 * One table of inputs journeykit's client must accept or reject. Core's validation and zod schema
 * tests run it against the client, the test kit's parity test against the fake and the real
 * client side by side. Typed structurally (no @journeykit import): callers cast to core's types.
 */

/** One call: a template id, a request and options, as `invoke(templateId, request, options)` takes them. */
export interface InputCase {
  name: string;
  templateId: unknown;
  /** A function, so each caller gets fresh objects (a circular one, one with a throwing getter). */
  request: () => unknown;
  options?: () => Record<string, unknown>;
}

/** Accepted: the call becomes one run for `userId` (undefined when only contact details name the user). */
export interface GoodInput extends InputCase {
  templateId: string;
  userId: string | undefined;
}

/** Rejected with a `JourneysValidationError` before anything is sent, with issues at `paths` (`''` is the request itself). */
export interface BadInput extends InputCase {
  paths: string[];
}

class Point {
  constructor(
    public x = 1,
    public y = 2,
  ) {}
}
const circular = (): Record<string, unknown> => {
  const data: Record<string, unknown> = { name: 'loop' };
  data.self = data;
  return data;
};
const throwingGetter = (): object =>
  Object.defineProperty({}, 'boom', {
    enumerable: true,
    get() {
      throw new Error('getter exploded');
    },
  });

const bad = (name: string, templateId: unknown, request: () => unknown, paths: string[], options?: () => Record<string, unknown>): BadInput =>
  options === undefined ? { name, templateId, request, paths } : { name, templateId, request, options, paths };

export const badInputs: BadInput[] = [
  bad('missing identifier', 'welcome', () => ({}), ['']),
  bad('no identifier and no contact info', 'welcome', () => ({ data: { plan: 'pro' } }), ['']),
  bad('only empty identifiers', 'welcome', () => ({ profile: { user_id: '', email: '' }, data: { userId: '' } }), ['']),
  bad('empty email is not contact info', 'welcome', () => ({ profile: { email: '' } }), ['']),
  bad('empty user_id', 'welcome', () => ({ user_id: '', profile: { email: 'a@example.com' } }), ['user_id']),
  bad('user_id not a string', 'welcome', () => ({ user_id: 42 }), ['user_id']),
  bad('profile is an array', 'welcome', () => ({ user_id: 'u1', profile: [] }), ['profile']),
  bad('profile is a class instance', 'welcome', () => ({ user_id: 'u1', profile: new Point() }), ['profile']),
  bad('data is a class instance', 'welcome', () => ({ user_id: 'u1', data: new Point() }), ['data']),
  bad('data is a string', 'welcome', () => ({ user_id: 'u1', data: 'hello' }), ['data']),
  bad('data is null', 'welcome', () => ({ user_id: 'u1', data: null }), ['data']),
  bad('data is a Map', 'welcome', () => ({ user_id: 'u1', data: new Map([['a', 1]]) }), ['data']),
  bad('function in data', 'welcome', () => ({ user_id: 'u1', data: { fn: () => 1 } }), ['data.fn']),
  bad('BigInt in data', 'welcome', () => ({ user_id: 'u1', data: { amount: 10n } }), ['data.amount']),
  bad('symbol in profile', 'welcome', () => ({ user_id: 'u1', profile: { tag: Symbol('x') } }), ['profile.tag']),
  bad('circular data', 'welcome', () => ({ user_id: 'u1', data: circular() }), ['data.self']),
  bad('NaN deep in an array', 'welcome', () => ({ user_id: 'u1', data: { items: [1, { n: Number.NaN }] } }), ['data.items[1].n']),
  bad('undefined inside an array', 'welcome', () => ({ user_id: 'u1', data: { items: [undefined] } }), ['data.items[0]']),
  bad('nested Set', 'welcome', () => ({ user_id: 'u1', data: { tags: new Set(['a']) } }), ['data.tags']),
  bad('throwing getter', 'welcome', () => ({ user_id: 'u1', data: throwingGetter() }), ['']),
  bad('unknown top-level field', 'welcome', () => ({ userId: 'u1' }), ['userId']),
  bad('body over 1 MiB', 'welcome', () => ({ user_id: 'u1', data: { blob: 'x'.repeat(1024 * 1024 + 10) } }), ['']),
  bad('empty templateId', '', () => ({ user_id: 'u1' }), ['templateId']),
  bad('templateId "."', '.', () => ({ user_id: 'u1' }), ['templateId']),
  bad('templateId ".."', '..', () => ({ user_id: 'u1' }), ['templateId']),
  bad('templateId not a string', 42, () => ({ user_id: 'u1' }), ['templateId']),
  bad('templateId with CRLF', 'a\r\nX-Evil: 1', () => ({ user_id: 'u1' }), ['templateId']),
  bad('templateId with NUL', 'a\u0000b', () => ({ user_id: 'u1' }), ['templateId']),
  bad('request is an array', 'welcome', () => [{ user_id: 'u1' }], ['']),
  bad('request is null', 'welcome', () => null, ['']),
  bad(
    'idempotency key with CRLF',
    'welcome',
    () => ({ user_id: 'u1' }),
    ['options.idempotencyKey'],
    () => ({ idempotencyKey: 'k\r\nX-Evil: 1' }),
  ),
  bad(
    'idempotency key empty',
    'welcome',
    () => ({ user_id: 'u1' }),
    ['options.idempotencyKey'],
    () => ({ idempotencyKey: '' }),
  ),
  bad(
    'idempotency key too long',
    'welcome',
    () => ({ user_id: 'u1' }),
    ['options.idempotencyKey'],
    () => ({ idempotencyKey: 'k'.repeat(256) }),
  ),
  bad(
    'idempotency key not ASCII',
    'welcome',
    () => ({ user_id: 'u1' }),
    ['options.idempotencyKey'],
    () => ({ idempotencyKey: 'clé' }),
  ),
  bad(
    'negative timeout',
    'welcome',
    () => ({ user_id: 'u1' }),
    ['options.timeoutMs'],
    () => ({ timeoutMs: -1 }),
  ),
  bad(
    'fractional maxRetries',
    'welcome',
    () => ({ user_id: 'u1' }),
    ['options.maxRetries'],
    () => ({ maxRetries: 1.5 }),
  ),
  bad(
    'signal not an AbortSignal',
    'welcome',
    () => ({ user_id: 'u1' }),
    ['options.signal'],
    () => ({ signal: {} }),
  ),
  // A misspelt option is refused, not dropped: `idempotencykey` would otherwise send a generated key.
  bad(
    'a misspelt option (idempotencykey)',
    'welcome',
    () => ({ user_id: 'u1' }),
    ['options.idempotencykey'],
    () => ({ idempotencykey: 'order-1' }),
  ),
  bad(
    'an option in another unit (timeout)',
    'welcome',
    () => ({ user_id: 'u1' }),
    ['options.timeout'],
    () => ({ timeout: 5 }),
  ),
  bad(
    'every problem at once',
    '..',
    () => ({ user_id: 7, profile: 'x', data: { f() {}, n: 1n } }),
    ['templateId', 'options.idempotencyKey', 'user_id', 'profile', 'data.f', 'data.n'],
    () => ({ idempotencyKey: '\n' }),
  ),
];

const good = (
  name: string,
  templateId: string,
  request: () => unknown,
  userId: string | undefined,
  options?: () => Record<string, unknown>,
): GoodInput => (options === undefined ? { name, templateId, request, userId } : { name, templateId, request, options, userId });
const shared = { a: 1 };

export const goodInputs: GoodInput[] = [
  good('user_id only', 'welcome', () => ({ user_id: 'u1' }), 'u1'),
  good('user_id with data', 'order-shipped', () => ({ user_id: 'u1', data: { order_id: 'o-1', amount: 99.99 } }), 'u1'),
  good('profile email only', 'welcome', () => ({ profile: { email: 'a@example.com' } }), undefined),
  good('profile phone only', 'welcome', () => ({ profile: { phone_number: '+15555550100' } }), undefined),
  good('profile.userId', 'welcome', () => ({ profile: { userId: 'p-user' } }), 'p-user'),
  good('data.anonymousId', 'welcome', () => ({ data: { anonymousId: 'anon-1' } }), 'anon-1'),
  good('user_id wins over profile and data', 'welcome', () => ({ user_id: 'top', profile: { user_id: 'p' }, data: { userId: 'd' } }), 'top'),
  good('tenant-scoped profile', 'welcome', () => ({ user_id: 'u1', profile: { context: { tenant_id: 't1' }, locale: 'fr' } }), 'u1'),
  good('Date is sent as its JSON form', 'welcome', () => ({ user_id: 'u1', data: { at: new Date('2024-03-13T00:00:00Z') } }), 'u1'),
  good(
    'dates, nulls, arrays, shared refs, undefined props',
    'welcome',
    () => ({
      user_id: 'u1',
      profile: undefined,
      data: { at: new Date(0), none: null, items: [1, 'two', null], a: shared, b: shared, skip: undefined },
    }),
    'u1',
  ),
  good('null-prototype data', 'welcome', () => ({ user_id: 'u1', data: Object.assign(Object.create(null) as object, { x: 1 }) }), 'u1'),
  good('__proto__ as a data key', 'welcome', () => ({ user_id: 'u1', data: JSON.parse('{"__proto__": {"polluted": true}}') as unknown }), 'u1'),
  good('template alias with spaces, slash and unicode', 'order shipped/é', () => ({ user_id: 'u1' }), 'u1'),
  good(
    'explicit idempotency key',
    'welcome',
    () => ({ user_id: 'u1' }),
    'u1',
    () => ({ idempotencyKey: 'order-1-shipped' }),
  ),
];

/** The cases as `[name, case]` rows, for `it.each(named(cases))('%s', (_name, c) => ...)`: test names stay plain, never quoted or cut. */
export function named<T extends InputCase>(cases: readonly T[]): Array<[string, T]> {
  return cases.map((c) => [c.name, c]);
}
