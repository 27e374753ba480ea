import type { InvokeOptions, InvokeRequest } from '../../src/index.js';

/**
 * Shared tables of inputs: the client's validation test, the zod schema parity test and (through
 * the testkit) the fake client's parity test all run them.
 */
const circular: Record<string, unknown> = { name: 'loop' };
circular.self = circular;
const shared = { a: 1 };
class Point {
  constructor(
    public x = 1,
    public y = 2,
  ) {}
}
const throwingGetter = Object.defineProperty({}, 'boom', {
  enumerable: true,
  get() {
    throw new Error('getter exploded');
  },
});

/** Bad inputs: [name, templateId, request, options, expected issue paths]. Shared with the schema parity test. */
export const badInputs: [string, unknown, unknown, InvokeOptions | undefined, string[]][] = [
  ['missing identifier', 'welcome', {}, undefined, ['']],
  ['only empty identifiers', 'welcome', { profile: { user_id: '', email: '' }, data: { userId: '' } }, undefined, ['']],
  ['empty user_id', 'welcome', { user_id: '', profile: { email: 'a@example.com' } }, undefined, ['user_id']],
  ['user_id not a string', 'welcome', { user_id: 42 }, undefined, ['user_id']],
  ['profile is an array', 'welcome', { user_id: 'u1', profile: [] }, undefined, ['profile']],
  ['profile is a class instance', 'welcome', { user_id: 'u1', profile: new Point() }, undefined, ['profile']],
  ['data is a string', 'welcome', { user_id: 'u1', data: 'hello' }, undefined, ['data']],
  ['data is null', 'welcome', { user_id: 'u1', data: null }, undefined, ['data']],
  ['data is a Map', 'welcome', { user_id: 'u1', data: new Map([['a', 1]]) }, undefined, ['data']],
  ['function in data', 'welcome', { user_id: 'u1', data: { fn: () => 1 } }, undefined, ['data.fn']],
  ['BigInt in data', 'welcome', { user_id: 'u1', data: { amount: 10n } }, undefined, ['data.amount']],
  ['symbol in profile', 'welcome', { user_id: 'u1', profile: { tag: Symbol('x') } }, undefined, ['profile.tag']],
  ['circular data', 'welcome', { user_id: 'u1', data: circular }, undefined, ['data.self']],
  ['NaN deep in an array', 'welcome', { user_id: 'u1', data: { items: [1, { n: Number.NaN }] } }, undefined, ['data.items[1].n']],
  ['undefined inside an array', 'welcome', { user_id: 'u1', data: { items: [undefined] } }, undefined, ['data.items[0]']],
  ['nested Set', 'welcome', { user_id: 'u1', data: { tags: new Set(['a']) } }, undefined, ['data.tags']],
  ['throwing getter', 'welcome', { user_id: 'u1', data: throwingGetter }, undefined, ['']],
  ['unknown top-level field', 'welcome', { userId: 'u1' }, undefined, ['userId']],
  ['empty templateId', '', { user_id: 'u1' }, undefined, ['templateId']],
  ['templateId "."', '.', { user_id: 'u1' }, undefined, ['templateId']],
  ['templateId ".."', '..', { user_id: 'u1' }, undefined, ['templateId']],
  ['templateId not a string', 42, { user_id: 'u1' }, undefined, ['templateId']],
  ['templateId with CRLF', 'a\r\nX-Evil: 1', { user_id: 'u1' }, undefined, ['templateId']],
  ['templateId with NUL', 'a\u0000b', { user_id: 'u1' }, undefined, ['templateId']],
  ['request is an array', 'welcome', [], undefined, ['']],
  ['request is null', 'welcome', null, undefined, ['']],
  ['idempotency key with CRLF', 'welcome', { user_id: 'u1' }, { idempotencyKey: 'k\r\nX-Evil: 1' }, ['options.idempotencyKey']],
  ['idempotency key empty', 'welcome', { user_id: 'u1' }, { idempotencyKey: '' }, ['options.idempotencyKey']],
  ['idempotency key too long', 'welcome', { user_id: 'u1' }, { idempotencyKey: 'k'.repeat(256) }, ['options.idempotencyKey']],
  ['idempotency key not ASCII', 'welcome', { user_id: 'u1' }, { idempotencyKey: 'clé' }, ['options.idempotencyKey']],
  ['negative timeout', 'welcome', { user_id: 'u1' }, { timeoutMs: -1 }, ['options.timeoutMs']],
  ['fractional maxRetries', 'welcome', { user_id: 'u1' }, { maxRetries: 1.5 }, ['options.maxRetries']],
  [
    'every problem at once',
    '..',
    { user_id: 7, profile: 'x', data: { f() {}, n: 1n } },
    { idempotencyKey: '\n' },
    ['templateId', 'options.idempotencyKey', 'user_id', 'profile', 'data.f', 'data.n'],
  ],
];

/** Inputs that must be accepted: [name, request, resolved userId]. */
export const goodInputs: [string, InvokeRequest, string | undefined][] = [
  ['user_id only', { user_id: 'u1' }, 'u1'],
  ['profile email only', { profile: { email: 'a@example.com' } }, undefined],
  ['profile phone only', { profile: { phone_number: '+15555550100' } }, undefined],
  ['data.anonymousId', { data: { anonymousId: 'anon-1' } }, 'anon-1'],
  ['tenant-scoped profile', { user_id: 'u1', profile: { context: { tenant_id: 't1' } } }, 'u1'],
  ['dates, nulls, shared refs, undefined props', { user_id: 'u1', data: { at: new Date(0), none: null, a: shared, b: shared, skip: undefined } }, 'u1'],
  ['null-prototype data', { user_id: 'u1', data: Object.assign(Object.create(null), { x: 1 }) }, 'u1'],
  ['__proto__ as a data key', { user_id: 'u1', data: JSON.parse('{"__proto__": {"polluted": true}}') }, 'u1'],
];
