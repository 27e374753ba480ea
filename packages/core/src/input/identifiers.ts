import type { InvokeRequest } from '../contract/types.js';

/** Where Courier looks for a user identifier, first match wins. Kept as data so docs and tests share it. */
export const IDENTIFIER_SOURCES = [
  ['user_id'],
  ['profile', 'user_id'],
  ['profile', 'userId'],
  ['profile', 'anonymousId'],
  ['data', 'user_id'],
  ['data', 'userId'],
  ['data', 'anonymousId'],
] as const;

/** Profile fields that count as contact information when no identifier is given. */
export const CONTACT_FIELDS = ['email', 'phone_number'] as const;

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function pick(source: unknown, key: string): unknown {
  return source !== null && typeof source === 'object' ? (source as Record<string, unknown>)[key] : undefined;
}

/**
 * Resolves the user a request is for, exactly as Courier does: `user_id`, then `profile.user_id`,
 * `profile.userId`, `profile.anonymousId`, then `data.user_id`, `data.userId`, `data.anonymousId`.
 * Only non-empty strings count.
 *
 * @example
 * ```ts
 * resolveUserId({ profile: { userId: 'u1' }, data: { user_id: 'u2' } }); // 'u1'
 * resolveUserId({ profile: { email: 'a@b.c' } });                     // undefined
 * ```
 */
export function resolveUserId(request: InvokeRequest): string | undefined {
  if (request === null || typeof request !== 'object') return undefined;
  if (nonEmpty(request.user_id)) return request.user_id;
  const { profile, data } = request;
  let v = pick(profile, 'user_id');
  if (nonEmpty(v)) return v;
  v = pick(profile, 'userId');
  if (nonEmpty(v)) return v;
  v = pick(profile, 'anonymousId');
  if (nonEmpty(v)) return v;
  v = pick(data, 'user_id');
  if (nonEmpty(v)) return v;
  v = pick(data, 'userId');
  if (nonEmpty(v)) return v;
  v = pick(data, 'anonymousId');
  if (nonEmpty(v)) return v;
  return undefined;
}

/**
 * True when the profile carries contact information Courier can deliver to without a user id:
 * a non-empty `email` or `phone_number`.
 */
export function hasContactInfo(request: InvokeRequest): boolean {
  const profile = request?.profile;
  return nonEmpty(pick(profile, 'email')) || nonEmpty(pick(profile, 'phone_number'));
}
