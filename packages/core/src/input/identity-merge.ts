import { CONTACT_FIELDS, IDENTIFIER_SOURCES, resolveUserId } from './identifiers.js';
import { isPlainObject } from './json-values.js';
import type { InvokeRequest } from '../contract/types.js';

/**
 * Who a request (an HTTP request, a job, a message) is for, as adapters learn it from their
 * framework: usually `user_id` and/or `profile`. Framework adapters fill calls from it with
 * {@link withIdentity}, so Express and Nest merge exactly the same way.
 */
export type RequestIdentity = Partial<InvokeRequest>;

/**
 * Sets `key` as an own data property. Plain assignment would treat a `__proto__` key (from
 * JSON.parse of a request body) as the object's prototype instead of as data.
 */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Copies `base`, then every key of `over` whose value is not `undefined` (an undefined field counts as left out). */
function fill(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(base)) put(out, key, base[key]);
  for (const key of Object.keys(over)) {
    if (over[key] !== undefined) put(out, key, over[key]);
  }
  return out;
}

/**
 * True when the call sets (to anything but `undefined`) a field that says who it is for: an
 * identifier Courier resolves, or a contact field. Presence counts, not validity: a call with
 * `profile: { email: '' }` means a recipient, and must fail validation rather than go to the
 * identified user.
 */
function namesRecipient(request: InvokeRequest): boolean {
  const fields = request as Record<string, unknown>;
  for (const path of IDENTIFIER_SOURCES) {
    const source = path.length === 1 ? fields : fields[path[0]];
    if (isPlainObject(source) && source[path[path.length - 1] as string] !== undefined) return true;
  }
  const profile = fields.profile;
  return isPlainObject(profile) && CONTACT_FIELDS.some((field) => profile[field] !== undefined);
}

/**
 * Fills the fields a call leaves out from the request's identity; fields the call gives win.
 * `user_id` is taken whole, `profile` and `data` are merged one level deep.
 *
 * The identity only fills in for its own user. A call that names a recipient of its own (sets
 * an identifier or a contact field) is returned untouched unless it names the identified user:
 * merging would send the journey to, or write the profile fields of, the wrong person (think of
 * an admin triggering a password reset for someone else).
 *
 * Neither input is mutated. Anything that is not a plain object is returned as is so that
 * validation reports it where it came from.
 *
 * @example
 * ```ts
 * withIdentity({ data: { plan: 'pro' } }, { user_id: 'ada', profile: { email: 'ada@example.com' } });
 * // { user_id: 'ada', profile: { email: 'ada@example.com' }, data: { plan: 'pro' } }
 * ```
 */
export function withIdentity(request: InvokeRequest, identity: RequestIdentity | undefined): InvokeRequest {
  if (identity === undefined || !isPlainObject(request) || !isPlainObject(identity)) return request;
  if (namesRecipient(request)) {
    const callUser = resolveUserId(request);
    if (callUser === undefined || callUser !== resolveUserId(identity)) return request;
  }

  const merged: Record<string, unknown> = fill({}, identity);
  for (const key of Object.keys(request)) {
    const value = request[key];
    if (value === undefined) continue;
    const base = Object.hasOwn(merged, key) ? merged[key] : undefined;
    put(merged, key, (key === 'profile' || key === 'data') && isPlainObject(base) && isPlainObject(value) ? fill(base, value) : value);
  }
  return merged;
}
