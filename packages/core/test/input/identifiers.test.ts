import { describe, expect, it } from 'vitest';
import { resolveUserId, type InvokeRequest } from '../../src/index.js';
import { hasContactInfo } from '../../src/internal.js';

describe('resolveUserId', () => {
  const cases: [string, InvokeRequest, string | undefined][] = [
    ['top-level user_id', { user_id: 'u0', profile: { user_id: 'p' }, data: { user_id: 'd' } }, 'u0'],
    ['profile.user_id before profile.userId', { profile: { user_id: 'p1', userId: 'p2', anonymousId: 'p3' } }, 'p1'],
    ['profile.userId before profile.anonymousId', { profile: { userId: 'p2', anonymousId: 'p3' } }, 'p2'],
    ['profile.anonymousId', { profile: { anonymousId: 'p3' } }, 'p3'],
    ['profile before data', { profile: { anonymousId: 'p3' }, data: { user_id: 'd1' } }, 'p3'],
    ['data.user_id before data.userId', { data: { user_id: 'd1', userId: 'd2', anonymousId: 'd3' } }, 'd1'],
    ['data.userId before data.anonymousId', { data: { userId: 'd2', anonymousId: 'd3' } }, 'd2'],
    ['data.anonymousId', { data: { anonymousId: 'd3' } }, 'd3'],
    ['empty user_id is skipped', { user_id: '', profile: { userId: 'p2' } }, 'p2'],
    ['empty profile ids are skipped', { profile: { user_id: '', userId: '', anonymousId: 'p3' } }, 'p3'],
    ['non-string ids are skipped', { profile: { user_id: 42 as unknown as string }, data: { userId: 'd2' } }, 'd2'],
    ['null profile is no source', { profile: null as unknown as undefined, data: { anonymousId: 'd3' } }, 'd3'],
    ['contact info only', { profile: { email: 'a@example.com' } }, undefined],
    ['nothing at all', {}, undefined],
    ['tenant context is not an id', { profile: { context: { tenant_id: 't1' } } }, undefined],
  ];
  it.each(cases)('%s', (_name, request, expected) => {
    expect(resolveUserId(request)).toBe(expected);
  });
});

describe('hasContactInfo', () => {
  const cases: [InvokeRequest, boolean][] = [
    [{ profile: { email: 'a@example.com' } }, true],
    [{ profile: { phone_number: '+15555550100' } }, true],
    [{ profile: { email: '', phone_number: '' } }, false],
    [{ profile: { email: 7 as unknown as string } }, false],
    [{ data: { email: 'a@example.com' } }, false],
    [{}, false],
  ];
  it.each(cases)('%j -> %s', (request, expected) => {
    expect(hasContactInfo(request)).toBe(expected);
  });
});
