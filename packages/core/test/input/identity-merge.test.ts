import { describe, expect, it } from 'vitest';
import { type InvokeRequest } from '../../src/index.js';
import { prepareInvocation, withIdentity, type RequestIdentity } from '../../src/internal.js';

const ada: RequestIdentity = { user_id: 'ada', profile: { email: 'ada@example.com', name: 'Ada' } };

describe('withIdentity: identify(req) fills what the call leaves out, the call wins', () => {
  const cases: Array<{ name: string; call: InvokeRequest; identity: RequestIdentity | undefined; sent: InvokeRequest }> = [
    {
      name: 'a call with data only gets the user fields',
      call: { data: { plan: 'pro' } },
      identity: ada,
      sent: { user_id: 'ada', profile: { email: 'ada@example.com', name: 'Ada' }, data: { plan: 'pro' } },
    },
    {
      name: 'profile fields the call gives win, the others are kept',
      call: { profile: { name: 'Ada L.', locale: 'en-GB' } },
      identity: ada,
      sent: { user_id: 'ada', profile: { email: 'ada@example.com', name: 'Ada L.', locale: 'en-GB' } },
    },
    {
      name: 'a field the call sets to undefined counts as left out',
      call: { user_id: undefined, profile: { email: undefined, name: 'Ada L.' } },
      identity: ada,
      sent: { user_id: 'ada', profile: { email: 'ada@example.com', name: 'Ada L.' } },
    },
    {
      name: 'data is merged one level deep, the call winning',
      call: { data: { locale: 'fr', order_id: 'o1' } },
      identity: { user_id: 'ada', data: { locale: 'en', tenant: 't1' } },
      sent: { user_id: 'ada', data: { locale: 'fr', tenant: 't1', order_id: 'o1' } },
    },
    {
      name: 'profile.context is a field like any other: the call replaces it whole',
      call: { profile: { context: { tenant_id: 'acme' } } },
      identity: { user_id: 'ada', profile: { context: { tenant_id: 'default', region: 'eu' } } },
      sent: { user_id: 'ada', profile: { context: { tenant_id: 'acme' } } },
    },
    {
      name: 'the same user named by the call still gets the profile filled in',
      call: { user_id: 'ada', data: { x: 1 } },
      identity: ada,
      sent: { user_id: 'ada', profile: { email: 'ada@example.com', name: 'Ada' }, data: { x: 1 } },
    },
    {
      name: 'the same user named through profile.userId counts as the same user',
      call: { profile: { userId: 'ada' } },
      identity: ada,
      sent: { user_id: 'ada', profile: { email: 'ada@example.com', name: 'Ada', userId: 'ada' } },
    },
    {
      name: 'another user named by the call: nothing of the identity is used',
      call: { user_id: 'bob', data: { reason: 'admin reset' } },
      identity: ada,
      sent: { user_id: 'bob', data: { reason: 'admin reset' } },
    },
    {
      name: 'another user named in data: nothing of the identity is used',
      call: { data: { userId: 'bob' } },
      identity: ada,
      sent: { data: { userId: 'bob' } },
    },
    {
      name: 'contact info without an identifier is someone else: nothing of the identity is used',
      call: { profile: { email: 'invitee@example.com' } },
      identity: ada,
      sent: { profile: { email: 'invitee@example.com' } },
    },
    {
      name: 'an empty contact field still names a recipient: left for validation, never sent to the identified user',
      call: { profile: { email: '' }, data: { invited_by: 'Ada' } },
      identity: ada,
      sent: { profile: { email: '' }, data: { invited_by: 'Ada' } },
    },
    {
      name: 'an empty user_id still names a recipient: left for validation',
      call: { user_id: '' },
      identity: ada,
      sent: { user_id: '' },
    },
    {
      name: 'an anonymous request (no identity) sends the call as it is',
      call: { profile: { email: 'new@example.com' } },
      identity: undefined,
      sent: { profile: { email: 'new@example.com' } },
    },
    {
      name: 'fields identify should not return are passed on, so validation names them',
      call: { data: {} },
      identity: { email: 'ada@example.com' } as RequestIdentity,
      sent: { email: 'ada@example.com', data: {} } as InvokeRequest,
    },
    {
      name: 'a call that is not a plain object is left for validation to reject',
      call: ['not', 'a', 'request'] as unknown as InvokeRequest,
      identity: ada,
      sent: ['not', 'a', 'request'] as unknown as InvokeRequest,
    },
    {
      name: 'a profile that is not a plain object is not merged into',
      call: { profile: 'ada@example.com' as unknown as InvokeRequest['profile'] },
      identity: ada,
      sent: { user_id: 'ada', profile: 'ada@example.com' as unknown as InvokeRequest['profile'] },
    },
  ];

  it.each(cases)('$name', ({ call, identity, sent }) => {
    expect(withIdentity(call, identity)).toStrictEqual(sent);
  });

  it('returns the call itself when there is no identity (no copy on the hot path)', () => {
    const call = { user_id: 'u1' };
    expect(withIdentity(call, undefined)).toBe(call);
  });

  it('never mutates the call or the identity', () => {
    const call = Object.freeze({ profile: Object.freeze({ name: 'Ada L.' }), data: Object.freeze({ a: 1 }) });
    const identity = Object.freeze({ user_id: 'ada', profile: Object.freeze({ email: 'ada@example.com' }), data: Object.freeze({ b: 2 }) });
    const sent = withIdentity(call, identity);
    expect(sent).toStrictEqual({ user_id: 'ada', profile: { email: 'ada@example.com', name: 'Ada L.' }, data: { b: 2, a: 1 } });
    expect(call).toStrictEqual({ profile: { name: 'Ada L.' }, data: { a: 1 } });
    expect(identity.profile).toStrictEqual({ email: 'ada@example.com' });
  });
});

describe('withIdentity and hostile keys', () => {
  it('keeps __proto__ and constructor keys as data, never as prototypes', () => {
    const call = JSON.parse('{"profile":{"__proto__":{"x":1},"locale":"fr"},"data":{"constructor":{"prototype":{"y":2}}}}');
    const merged = withIdentity(call, { user_id: 'ada', profile: { email: 'ada@example.com' } });
    expect(Object.getPrototypeOf(merged.profile)).toBe(Object.prototype);
    expect(Object.keys(merged.profile ?? {})).toEqual(['email', '__proto__', 'locale']);
    expect(JSON.parse(JSON.stringify(merged))).toEqual({
      user_id: 'ada',
      profile: JSON.parse('{"email":"ada@example.com","__proto__":{"x":1},"locale":"fr"}'),
      data: JSON.parse('{"constructor":{"prototype":{"y":2}}}'),
    });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(() => prepareInvocation('welcome', merged)).not.toThrow();
  });
});
