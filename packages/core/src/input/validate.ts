// Imported, not the global: Next's edge runtime has no Buffer global, only node:buffer.
import { Buffer } from 'node:buffer';
import { describeValue } from '../shared/describe-value.js';
import { JourneysError, JourneysValidationError, type ValidationIssue } from '../errors/errors.js';
import { CONTACT_FIELDS, IDENTIFIER_SOURCES, hasContactInfo, resolveUserId } from './identifiers.js';
import { IssueList, throwIssues } from '../errors/issue-list.js';
import { JsonSnapshot, StopReading } from './json-snapshot.js';
import { isPlainObject } from './json-values.js';
import { CONTROL_CHARACTERS } from '../shared/control-characters.js';
import { optionIssues } from './call-options.js';
import type { AnyJourneyCatalog } from '../catalog/catalog.js';
import type { RequestIdentity } from './identity-merge.js';
import { thrownText } from '../shared/thrown-text.js';
import type { InvokeOptions, InvokeRequest } from '../contract/types.js';

/** Default cap on the JSON body of one invocation: 1 MiB. */
export const DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

/** What goes on the wire for one invocation, after validation. */
export interface PreparedInvocation {
  /** The template ID as the caller gave it (validated, not encoded). */
  templateId: string;
  /** `templateId` percent-encoded as one path segment. */
  encodedTemplateId: string;
  /**
   * The request as it is sent: `body` parsed back (`toJSON` applied, `Date`s as strings), a new
   * object on each read. Computed on demand so that a call in flight holds only `body`, not a
   * second copy of the request. The caller's objects are never mutated.
   */
  readonly request: InvokeRequest;
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
const encodedTemplates = new Map<string, string>();

function templateIssues(templateId: unknown, issues: IssueList): void {
  const at = ['templateId'];
  if (typeof templateId !== 'string') {
    issues.add(at, `must be a string (the journey template ID or alias), got ${describeValue(templateId)}`);
  } else if (templateId === '' || templateId === '.' || templateId === '..') {
    issues.add(at, templateId === '' ? 'must not be empty' : `"${templateId}" is not a template ID: it would change which endpoint is called`);
  } else if (CONTROL_CHARACTERS.test(templateId)) {
    issues.add(at, 'must not contain control characters (CR, LF, NUL, ...)');
  } else if (!isWellFormed(templateId)) {
    issues.add(at, 'contains a lone UTF-16 surrogate, which cannot be percent-encoded; check how it was built');
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
      [{ path: [], message: `the call could not be read: ${thrownText(err)}` }],
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
  const issues = new IssueList();
  templateIssues(templateId, issues);
  if (options !== undefined) optionIssues(options, issues);

  if (!isPlainObject(request)) {
    issues.add([], `the request must be a plain object like { user_id, profile, data }, got ${describeValue(request)}`);
    throwIssues(issues, { templateId });
  }

  // Outside the try below: an asynchronous schema is a configuration error, not bad input.
  if (catalog !== undefined && typeof templateId === 'string') {
    for (const issue of catalog.check(templateId, request)) issues.add(issue.path, issue.message);
  }
  // The request is read once, into the JSON that is sent: what toJSON returns (even a
  // non-enumerable one on the request itself), what a getter returned the one time it was read.
  const reader = new JsonSnapshot(maxRequestBytes, issues);
  let sent: InvokeRequest | undefined;
  try {
    const root = reader.toJSONOf(request, '');
    if (!isPlainObject(root)) {
      issues.add([], `the request's toJSON() must return a plain object like { user_id, profile, data }, got ${describeValue(root)}`);
      throwIssues(issues, { templateId });
    }
    sent = readRequest(reader, root, issues);
  } catch (err) {
    if (err instanceof JourneysError) throw err;
    if (err instanceof StopReading) {
      if (err.reason === 'size') {
        issues.add(
          [],
          `the JSON body is over the ${maxRequestBytes}-byte limit (maxRequestBytes); reading stopped there. Send less data or raise the limit`,
        );
      }
    } else {
      // A getter that throws, or a Proxy that refuses to be read: report it, never crash.
      issues.add([], `the request could not be read: ${thrownText(err)}`);
    }
  }
  if (issues.count > 0 || sent === undefined) return throwIssues(issues, { templateId });
  const body = JSON.stringify(sent);
  // A UTF-8 byte is at most 3 per UTF-16 unit, so only long bodies need the exact count.
  if (body.length * 3 > maxRequestBytes) {
    const bytes = Buffer.byteLength(body);
    if (bytes > maxRequestBytes) {
      issues.add([], `the JSON body is ${bytes} bytes, over the ${maxRequestBytes}-byte limit (maxRequestBytes); send less data or raise the limit`);
      throwIssues(issues, { templateId });
    }
  }
  return new Prepared(templateId, encodeTemplateId(templateId), body, resolveUserId(sent));
}

/** A class, not a literal with a getter: no closure per call, one shape for every call. */
class Prepared implements PreparedInvocation {
  constructor(
    readonly templateId: string,
    readonly encodedTemplateId: string,
    readonly body: string,
    readonly userId: string | undefined,
  ) {}

  get request(): InvokeRequest {
    return JSON.parse(this.body) as InvokeRequest;
  }
}

/** The request's JSON, field by field, with each field's rules; undefined when it has problems. */
function readRequest(reader: JsonSnapshot, root: Record<string, unknown>, issues: IssueList): InvokeRequest | undefined {
  const sent = readFields(reader, root, issues);
  if (issues.count > 0) return undefined;
  const request = sent as InvokeRequest;
  if (resolveUserId(request) === undefined && !hasContactInfo(request)) {
    const wrong = misTypedRecipientFields(request);
    if (wrong.length > 0) {
      for (const [path, value] of wrong) issues.add(path, `must be a non-empty string to say who the journey is for, got ${describeValue(value)}`);
    } else {
      issues.add(
        [],
        'no user to send to: give user_id (or profile.user_id/userId/anonymousId, or data.user_id/userId/anonymousId) ' +
          'as a non-empty string, or a profile with a non-empty email or phone_number',
      );
    }
    return undefined;
  }
  return request;
}

/** Identifier and contact fields that are present but not strings: the likely reason there is no user. */
function misTypedRecipientFields(request: InvokeRequest): [string[], unknown][] {
  const found: [string[], unknown][] = [];
  const paths = [...IDENTIFIER_SOURCES, ...CONTACT_FIELDS.map((field) => ['profile', field] as const)];
  for (const path of paths) {
    if (path.length !== 2) continue;
    const parent = (request as Record<string, Record<string, unknown> | undefined>)[path[0]];
    const value = parent?.[path[1]];
    if (value !== undefined && value !== null && typeof value !== 'string') found.push([[...path], value]);
  }
  return found;
}

/** `user_id`, `profile` and `data` read into their JSON, each checked by its rule; unknown fields reported. */
function readFields(reader: JsonSnapshot, root: Record<string, unknown>, issues: IssueList): Record<string, unknown> {
  const sent: Record<string, unknown> = {};
  reader.spend(2);
  for (const key in root) {
    if (!Object.hasOwn(root, key)) continue;
    if (!REQUEST_FIELDS.has(key)) {
      const hint = Object.hasOwn(FIELD_HINTS, key) ? FIELD_HINTS[key] : undefined;
      issues.add([key], `unknown field; a request has only user_id, profile and data${hint ? ` (did you mean ${hint}?)` : ''}`);
      continue;
    }
    reader.path.push(key);
    reader.spend(key.length + 4);
    const value = reader.toJSONOf(root[key], key);
    if (key === 'user_id') {
      if (typeof value === 'string') {
        if (value === '') reader.report('must not be empty; omit it or pass the user id');
        else reader.spend(value.length + 1);
        sent[key] = value;
      } else if (value !== undefined) {
        reader.report(`must be a string, got ${describeValue(value)}`);
      }
    } else if (isPlainObject(value)) {
      sent[key] = reader.object(value);
    } else if (value !== undefined) {
      reader.report(`must be a plain object, got ${describeValue(value)}`);
    }
    reader.path.pop();
  }
  return sent;
}

/**
 * Checks what an adapter's `identify` returned (a partial request: `user_id`, `profile`, `data`)
 * by the rules a request follows, except that it need not name a recipient. A bad identity is a
 * bug in the server that wrote `identify`, not in its caller's input: adapters turn these issues
 * into a configuration error (HTTP 500) that names `identify`.
 *
 * @example
 * ```ts
 * identityIssues({ user_id: 42 }); // [{ path: ['user_id'], message: 'must be a string, got a number' }]
 * ```
 */
export function identityIssues(identity: RequestIdentity): ValidationIssue[] {
  const issues = new IssueList();
  if (!isPlainObject(identity)) {
    issues.add([], `must be a plain object like { user_id, profile }, got ${describeValue(identity)}`);
    return issues.listed;
  }
  try {
    readFields(new JsonSnapshot(DEFAULT_MAX_REQUEST_BYTES, issues), identity, issues);
  } catch (err) {
    if (err instanceof StopReading) {
      if (err.reason === 'size') issues.add([], `larger than ${DEFAULT_MAX_REQUEST_BYTES} bytes as JSON`);
    } else {
      issues.add([], `it could not be read: ${thrownText(err)}`);
    }
  }
  return issues.listed;
}
