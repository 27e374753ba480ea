import type { InvokeOptions, InvokeRequest } from '@journeykit/core';

/** One input both invokers get. `request` is a function so each invoker gets its own fresh objects. */
export interface InvokeCase {
  name: string;
  templateId: string;
  request: () => InvokeRequest;
  options?: () => InvokeOptions;
}

class Money {
  constructor(readonly cents: number) {}
}
const circular = (): InvokeRequest => {
  const data: Record<string, unknown> = { plan: 'pro' };
  data.self = data;
  return { user_id: 'u1', data };
};
const any = <T>(value: unknown) => value as T;

/** Accepted by both: each becomes one run. */
export const VALID_CASES: InvokeCase[] = [
  { name: 'user_id only', templateId: 'welcome', request: () => ({ user_id: 'u1' }) },
  { name: 'user_id with data', templateId: 'order-shipped', request: () => ({ user_id: 'u1', data: { order_id: 'o-1', amount: 99.99 } }) },
  { name: 'profile email only (no identifier)', templateId: 'welcome', request: () => ({ profile: { email: 'a@example.com' } }) },
  { name: 'profile phone_number only', templateId: 'welcome', request: () => ({ profile: { phone_number: '+15555550100' } }) },
  { name: 'profile.userId', templateId: 'welcome', request: () => ({ profile: { userId: 'p-user' } }) },
  { name: 'data.anonymousId', templateId: 'welcome', request: () => ({ data: { anonymousId: 'anon-1' } }) },
  { name: 'user_id wins over profile and data', templateId: 'welcome', request: () => ({ user_id: 'top', profile: { user_id: 'p' }, data: { userId: 'd' } }) },
  { name: 'tenant context passes through', templateId: 'welcome', request: () => ({ user_id: 'u1', profile: { context: { tenant_id: 't-9' }, locale: 'fr' } }) },
  { name: 'Date is sent as its JSON form', templateId: 'welcome', request: () => ({ user_id: 'u1', data: { at: new Date('2024-03-13T00:00:00Z') } }) },
  { name: 'undefined fields are dropped', templateId: 'welcome', request: () => ({ user_id: 'u1', profile: undefined, data: { a: 1, b: undefined } }) },
  { name: 'template alias with spaces, slash and unicode', templateId: 'order shipped/é', request: () => ({ user_id: 'u1' }) },
  { name: 'explicit idempotency key', templateId: 'welcome', request: () => ({ user_id: 'u1' }), options: () => ({ idempotencyKey: 'order-1-shipped' }) },
  { name: 'null and arrays inside data', templateId: 'welcome', request: () => ({ user_id: 'u1', data: { items: [1, 'two', null], note: null } }) },
];

/** Rejected by both, before anything is sent. */
export const INVALID_CASES: InvokeCase[] = [
  { name: 'empty templateId', templateId: '', request: () => ({ user_id: 'u1' }) },
  { name: 'templateId "."', templateId: '.', request: () => ({ user_id: 'u1' }) },
  { name: 'templateId ".."', templateId: '..', request: () => ({ user_id: 'u1' }) },
  { name: 'templateId with a newline', templateId: 'wel\ncome', request: () => ({ user_id: 'u1' }) },
  { name: 'templateId not a string', templateId: any<string>(42), request: () => ({ user_id: 'u1' }) },
  { name: 'request null', templateId: 'welcome', request: () => any<InvokeRequest>(null) },
  { name: 'request an array', templateId: 'welcome', request: () => any<InvokeRequest>([{ user_id: 'u1' }]) },
  { name: 'unknown top-level field', templateId: 'welcome', request: () => any<InvokeRequest>({ user_id: 'u1', email: 'a@example.com' }) },
  { name: 'user_id a number', templateId: 'welcome', request: () => any<InvokeRequest>({ user_id: 5 }) },
  { name: 'user_id empty', templateId: 'welcome', request: () => ({ user_id: '' }) },
  { name: 'no identifier and no contact info', templateId: 'welcome', request: () => ({ data: { plan: 'pro' } }) },
  { name: 'empty request', templateId: 'welcome', request: () => ({}) },
  { name: 'empty email is not contact info', templateId: 'welcome', request: () => ({ profile: { email: '' } }) },
  { name: 'profile an array', templateId: 'welcome', request: () => any<InvokeRequest>({ user_id: 'u1', profile: [] }) },
  { name: 'data a class instance', templateId: 'welcome', request: () => any<InvokeRequest>({ user_id: 'u1', data: new Money(5) }) },
  { name: 'data with a Map', templateId: 'welcome', request: () => ({ user_id: 'u1', data: { tags: new Map([['a', 1]]) } }) },
  { name: 'data with a BigInt', templateId: 'welcome', request: () => ({ user_id: 'u1', data: { n: 10n } }) },
  { name: 'data with NaN', templateId: 'welcome', request: () => ({ user_id: 'u1', data: { n: Number.NaN } }) },
  { name: 'data with a function', templateId: 'welcome', request: () => ({ user_id: 'u1', data: { f: () => 1 } }) },
  { name: 'data with undefined in an array', templateId: 'welcome', request: () => ({ user_id: 'u1', data: { list: [1, undefined] } }) },
  { name: 'circular data', templateId: 'welcome', request: circular },
  { name: 'several problems at once', templateId: '..', request: () => any<InvokeRequest>({ user_id: 7, profile: 'x', extra: true }) },
  { name: 'body over 1 MiB', templateId: 'welcome', request: () => ({ user_id: 'u1', data: { blob: 'x'.repeat(1024 * 1024 + 10) } }) },
  { name: 'empty idempotency key', templateId: 'welcome', request: () => ({ user_id: 'u1' }), options: () => ({ idempotencyKey: '' }) },
  { name: 'idempotency key with a newline', templateId: 'welcome', request: () => ({ user_id: 'u1' }), options: () => ({ idempotencyKey: 'a\nb' }) },
  { name: 'idempotency key over 255 chars', templateId: 'welcome', request: () => ({ user_id: 'u1' }), options: () => ({ idempotencyKey: 'k'.repeat(256) }) },
  { name: 'negative timeoutMs', templateId: 'welcome', request: () => ({ user_id: 'u1' }), options: () => ({ timeoutMs: -1 }) },
  { name: 'fractional maxRetries', templateId: 'welcome', request: () => ({ user_id: 'u1' }), options: () => ({ maxRetries: 1.5 }) },
  { name: 'signal not an AbortSignal', templateId: 'welcome', request: () => ({ user_id: 'u1' }), options: () => any<InvokeOptions>({ signal: {} }) },
  { name: 'already aborted signal', templateId: 'welcome', request: () => ({ user_id: 'u1' }), options: () => ({ signal: AbortSignal.abort() }) },
];
