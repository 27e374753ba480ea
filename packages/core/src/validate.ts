import { JourneysError, JourneysValidationError, type ValidationIssue } from './errors.js';
import { hasContactInfo, resolveUserId } from './identifiers.js';
import { collectJsonIssues, isPlainObject } from './json-values.js';
import { MAX_TIMER_MS } from './abort-listeners.js';
import type { AnyJourneyCatalog } from './catalog.js';
import type { InvokeOptions, InvokeRequest } from './types.js';

/** Default cap on the JSON body of one invocation: 1 MiB. */
export const DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

/** What goes on the wire for one invocation, after validation. */
export interface PreparedInvocation {
  templateId: string;
  /** `templateId` percent-encoded as one path segment. */
  encodedTemplateId: string;
  /** The request exactly as the caller gave it (never copied, never mutated). */
  request: InvokeRequest;
  /** The JSON body that is sent. */
  body: string;
  /** The identifier Courier will resolve, or undefined when the profile's contact info is used. */
  userId: string | undefined;
}

const REQUEST_FIELDS = new Set(['user_id', 'profile', 'data']);
const FIELD_HINTS: Record<string, string> = {
  userId: 'user_id',
  userid: 'user_id',
  user: 'user_id',
  email: 'profile.email',
  phone_number: 'profile.phone_number',
  payload: 'data',
};
// C0 controls, DEL and C1 controls: they have no business in a path segment or header.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
const PRINTABLE_ASCII = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;
const encodedTemplates = new Map<string, string>();

function templateIssues(templateId: unknown, issues: ValidationIssue[]): void {
  if (typeof templateId !== 'string') {
    issues.push({ path: ['templateId'], message: `must be a string (the journey template ID or alias), got ${typeOf(templateId)}` });
  } else if (templateId === '' || templateId === '.' || templateId === '..') {
    issues.push({
      path: ['templateId'],
      message: templateId === '' ? 'must not be empty' : `"${templateId}" is not a template ID: it would change which endpoint is called`,
    });
  } else if (CONTROL_CHARS.test(templateId)) {
    issues.push({ path: ['templateId'], message: 'must not contain control characters (CR, LF, NUL, ...)' });
  } else if (!isWellFormed(templateId)) {
    issues.push({ path: ['templateId'], message: 'contains a lone UTF-16 surrogate, which cannot be percent-encoded; check how it was built' });
  }
}

// A lone surrogate makes encodeURIComponent throw a URIError.
function isWellFormed(text: string): boolean {
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
  if (native !== undefined) return native.call(text);
  try {
    encodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const name = (value as { constructor?: { name?: string } }).constructor?.name;
    return name && name !== 'Object' ? `a ${name}` : 'an object';
  }
  return typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`;
}

function encodeTemplateId(templateId: string): string {
  let encoded = encodedTemplates.get(templateId);
  if (encoded === undefined) {
    encoded = encodeURIComponent(templateId);
    // Template ids are few per app; the cap only guards against callers passing unbounded ids.
    if (encodedTemplates.size < 1000) encodedTemplates.set(templateId, encoded);
  }
  return encoded;
}

/**
 * Checks the per-call options that reach the wire. Returns the problems; an empty array means fine.
 */
export function collectOptionIssues(options: InvokeOptions | undefined, issues: ValidationIssue[] = []): ValidationIssue[] {
  if (options === undefined) return issues;
  if (options === null || typeof options !== 'object') {
    issues.push({ path: ['options'], message: `must be an object, got ${typeOf(options)}` });
    return issues;
  }
  const { idempotencyKey, idempotencyExpiresAt, timeoutMs, maxRetries, signal } = options;
  if (idempotencyKey !== undefined) {
    if (typeof idempotencyKey !== 'string' || !PRINTABLE_ASCII.test(idempotencyKey) || idempotencyKey.length > 255) {
      issues.push({
        path: ['options', 'idempotencyKey'],
        message: 'must be 1-255 printable ASCII characters with no control characters and no surrounding spaces',
      });
    }
  }
  if (idempotencyExpiresAt !== undefined && !(idempotencyExpiresAt instanceof Date && Number.isFinite(idempotencyExpiresAt.getTime()))) {
    issues.push({ path: ['options', 'idempotencyExpiresAt'], message: 'must be a valid Date' });
  }
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS)) {
    issues.push({ path: ['options', 'timeoutMs'], message: `must be a positive number of milliseconds up to ${MAX_TIMER_MS}` });
  }
  if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && maxRetries >= 0)) {
    issues.push({ path: ['options', 'maxRetries'], message: 'must be a whole number >= 0' });
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    issues.push({ path: ['options', 'signal'], message: 'must be an AbortSignal' });
  }
  return issues;
}

/**
 * Validates and normalises one invocation into what goes on the wire. Every problem is reported
 * at once, with its field path, in a {@link JourneysValidationError}; nothing is sent for an
 * invalid call. `JourneysClient` and the test kit's fakes share this function, so they accept and
 * reject exactly the same inputs. With a `catalog`, the template must be in it and `data` must pass
 * the journey's schema.
 *
 * @example
 * ```ts
 * const prepared = prepareInvocation('order-shipped', { user_id: 'u1', data: { order_id: 'o1' } });
 * prepared.body;   // '{"user_id":"u1","data":{"order_id":"o1"}}'
 * prepared.userId; // 'u1'
 * ```
 */
export function prepareInvocation(
  templateId: string,
  request: InvokeRequest,
  options?: InvokeOptions,
  maxRequestBytes: number = DEFAULT_MAX_REQUEST_BYTES,
  catalog?: AnyJourneyCatalog,
): PreparedInvocation {
  try {
    return prepare(templateId, request, options, maxRequestBytes, catalog);
  } catch (err) {
    if (err instanceof JourneysError) throw err;
    // Options with throwing getters, Proxies that refuse to be read: still a typed, readable error.
    throw new JourneysValidationError(
      [{ path: [], message: `the call could not be read: ${err instanceof Error ? err.message : String(err)}` }],
      typeof templateId === 'string' ? templateId : undefined,
    );
  }
}

function prepare(
  templateId: string,
  request: InvokeRequest,
  options: InvokeOptions | undefined,
  maxRequestBytes: number,
  catalog: AnyJourneyCatalog | undefined,
): PreparedInvocation {
  const issues: ValidationIssue[] = [];
  templateIssues(templateId, issues);
  if (options !== undefined) collectOptionIssues(options, issues);

  if (!isPlainObject(request)) {
    issues.push({ path: [], message: `the request must be a plain object like { user_id, profile, data }, got ${typeOf(request)}` });
    throw new JourneysValidationError(issues, typeof templateId === 'string' ? templateId : undefined);
  }

  // Outside the try below: an asynchronous schema is a configuration error, not bad input.
  if (catalog !== undefined && typeof templateId === 'string') {
    for (const issue of catalog.check(templateId, request)) issues.push(issue);
  }
  let body: string | undefined;
  try {
    for (const key of Object.keys(request)) {
      if (!REQUEST_FIELDS.has(key)) {
        const hint = Object.hasOwn(FIELD_HINTS, key) ? FIELD_HINTS[key] : undefined;
        issues.push({
          path: [key],
          message: `unknown field; a request has only user_id, profile and data${hint ? ` (did you mean ${hint}?)` : ''}`,
        });
      }
    }
    const { user_id, profile, data } = request;
    if (user_id !== undefined) {
      if (typeof user_id !== 'string') issues.push({ path: ['user_id'], message: `must be a string, got ${typeOf(user_id)}` });
      else if (user_id === '') issues.push({ path: ['user_id'], message: 'must not be empty; omit it or pass the user id' });
    }
    if (profile !== undefined) {
      if (!isPlainObject(profile)) issues.push({ path: ['profile'], message: `must be a plain object, got ${typeOf(profile)}` });
      else collectJsonIssues(profile, ['profile'], issues);
    }
    if (data !== undefined) {
      if (!isPlainObject(data)) issues.push({ path: ['data'], message: `must be a plain object, got ${typeOf(data)}` });
      else collectJsonIssues(data, ['data'], issues);
    }
    if (issues.length === 0 && resolveUserId(request) === undefined && !hasContactInfo(request)) {
      issues.push({
        path: [],
        message:
          'no user to send to: give user_id (or profile.user_id/userId/anonymousId, or data.user_id/userId/anonymousId) ' +
          'as a non-empty string, or a profile with a non-empty email or phone_number',
      });
    }
    if (issues.length === 0) {
      body = JSON.stringify(request);
      // A UTF-8 byte is at most 3 per UTF-16 unit, so only long bodies need the exact count.
      if (body.length * 3 > maxRequestBytes) {
        const bytes = Buffer.byteLength(body);
        if (bytes > maxRequestBytes) {
          issues.push({
            path: [],
            message: `the JSON body is ${bytes} bytes, over the ${maxRequestBytes}-byte limit (maxRequestBytes); send less data or raise the limit`,
          });
        }
      }
    }
  } catch (err) {
    // A getter that throws, or a Proxy that refuses to be read: report it, never crash.
    issues.push({ path: [], message: `the request could not be read: ${err instanceof Error ? err.message : String(err)}` });
  }

  if (issues.length > 0 || body === undefined) throw new JourneysValidationError(issues, templateId);
  return {
    templateId,
    encodedTemplateId: encodeTemplateId(templateId),
    request,
    body,
    userId: resolveUserId(request),
  };
}
