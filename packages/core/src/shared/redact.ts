/**
 * Takes the API key out of everything that comes back from the server before it reaches an
 * error, a hook or a result. Servers and proxies sometimes echo request headers (into a body, a
 * message, an `x-request-id`), and the key must not ride back out that way, not even encoded.
 *
 * What is replaced by `[redacted]`, wherever it appears in a string or a property name:
 * - the key as it is, and as JSON writes it inside a string (a quote or backslash escaped);
 * - the key percent-encoded as `encodeURIComponent` writes it, with upper- or lower-case hex
 *   (a query string, a form, a URL-encoded log line);
 * - the key base64-encoded, standard or url-safe, padded or not, at each of the three byte
 *   alignments: so also inside the base64 of `Bearer <key>`, of Basic credentials `user:<key>`
 *   or `:<key>`, or of any text that contains the key. The characters that carry the key's bits
 *   are replaced, with the one at each end that mixes them with a neighbouring byte.
 *
 * Not covered: other encodings (hex, double encodings, base64 split across lines, compression),
 * hashes, and parts of the key. Keys shorter than {@link MIN_REDACTED_KEY_LENGTH} are left alone.
 *
 * Every form is computed once, when the client is made. The check per string is one `includes`
 * per form, and none for a string shorter than the shortest form (the key itself): on the success
 * path it reads what an answer hands back (an invoke's `runId`, a run read's fields), mostly
 * shorter than a key. On the failure path it runs often right before a retry decision, so it must
 * never throw: it walks values with an explicit stack (a deeply nested body cannot overflow it)
 * and falls back to a placeholder for anything it cannot read.
 */

const REDACTED = '[redacted]';
const UNREADABLE = '[unreadable]';

/** Keys shorter than this are test keys; replacing them would mangle unrelated text. */
const MIN_REDACTED_KEY_LENGTH = 8;

/** A character of either base64 alphabet. */
const BASE64_CHAR = '[A-Za-z0-9+/_-]';

/** Redacts one secret from strings and from the values parsed out of a server's answer. */
export interface Redactor {
  /** The text with every occurrence of the key, in every form above, replaced. */
  text(value: string): string;
  /** A copy of a JSON-like value (plain objects, arrays, primitives) with the key out of every string and property name. */
  value<T>(value: T): T;
  /** What an error from the transport may show: its name, code and redacted message; never its other fields. */
  error(value: unknown): { name?: string; code?: unknown; message: string };
}

/** One form of the key: found with `includes(needle)`, then replaced as a literal or, for base64, with a pattern. */
interface KeyForm {
  needle: string;
  pattern?: RegExp;
}

/** A redactor for `key`. A key too short to redact safely yields a redactor that copies values unchanged. */
export function createRedactor(key: string): Redactor {
  const forms = key.length >= MIN_REDACTED_KEY_LENGTH ? keyForms(key) : [];
  const shortest = forms.reduce((min, form) => Math.min(min, form.needle.length), Infinity);

  const text = (value: string): string => {
    if (value.length < shortest) return value;
    let out = value;
    for (const form of forms) {
      if (!out.includes(form.needle)) continue;
      out = form.pattern === undefined ? out.split(form.needle).join(REDACTED) : out.replace(form.pattern, REDACTED);
    }
    return out;
  };
  const value = <T>(input: T): T => {
    try {
      return walk(input, text) as T;
    } catch {
      return UNREADABLE as T;
    }
  };

  const error = (input: unknown): { name?: string; code?: unknown; message: string } => {
    try {
      if (input instanceof Error) {
        const code = (input as { code?: unknown }).code;
        return { name: text(String(input.name)), code: typeof code === 'string' ? text(code) : code, message: text(String(input.message)) };
      }
      return { message: text(String(input)) };
    } catch {
      return { message: UNREADABLE };
    }
  };

  return { text, value, error };
}

/** Every form of `key` that {@link createRedactor} replaces, each once. */
function keyForms(key: string): KeyForm[] {
  const literals = new Set<string>([key, JSON.stringify(key).slice(1, -1)]);
  const percent = encodeURIComponent(key);
  literals.add(percent).add(percent.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()));
  const forms: KeyForm[] = [...literals].map((needle) => ({ needle }));
  const seen = new Set<string>();
  for (const { inner, before, after } of base64Cores(key)) {
    for (const needle of [inner, inner.replace(/\+/g, '-').replace(/\//g, '_')]) {
      if (seen.has(needle)) continue;
      seen.add(needle);
      const escaped = needle.replace(/[+/-]/g, (ch) => `\\${ch}`);
      forms.push({ needle, pattern: new RegExp(`${BASE64_CHAR}{0,${before}}${escaped}${BASE64_CHAR}{0,${after}}={0,2}`, 'g') });
    }
  }
  return forms;
}

/**
 * The base64 characters that encode only the key's bytes, for the key starting at each of the three
 * byte offsets a base64 stream can put it at; `before` and `after` count the characters at either
 * end that mix the key's first or last bits with a neighbouring byte.
 */
function base64Cores(key: string): { inner: string; before: number; after: number }[] {
  let bytes = '';
  for (const byte of new TextEncoder().encode(key)) bytes += String.fromCharCode(byte);
  return [0, 1, 2].map((offset) => {
    const encoded = btoa('\0'.repeat(offset) + bytes);
    const firstBit = 8 * offset;
    const endBit = 8 * (offset + bytes.length);
    return {
      inner: encoded.slice(Math.ceil(firstBit / 6), Math.floor(endBit / 6)),
      before: firstBit % 6 === 0 ? 0 : 1,
      after: endBit % 6 === 0 ? 0 : 1,
    };
  });
}

type Container = Record<string, unknown> | unknown[];

/**
 * Copies a JSON-like value, passing every string (and property name) through `redact`. Iterative,
 * so depth costs memory, not stack.
 */
function walk(root: unknown, redact: (s: string) => string): unknown {
  const copyOf = (value: unknown): unknown => {
    if (typeof value === 'string') return redact(value);
    if (value === null || typeof value !== 'object') return value;
    return Array.isArray(value) ? new Array<unknown>(value.length) : {};
  };
  const out = copyOf(root);
  if (out === null || typeof out !== 'object') return out;
  const stack: [Container, Container][] = [[root as Container, out as Container]];
  const seen = new WeakSet<object>([root as object]);
  for (let pair = stack.pop(); pair !== undefined; pair = stack.pop()) {
    const [from, to] = pair;
    if (Array.isArray(from)) {
      for (let i = 0; i < from.length; i++) (to as unknown[])[i] = visit(from[i]);
    } else {
      for (const k of Object.keys(from)) {
        Object.defineProperty(to, redact(k), { value: visit(from[k]), enumerable: true, writable: true, configurable: true });
      }
    }
  }
  return out;

  function visit(value: unknown): unknown {
    const copy = copyOf(value);
    if (copy !== null && typeof copy === 'object') {
      // Parsed JSON has no cycles; anything else that does is cut rather than walked forever.
      if (seen.has(value as object)) return '[circular]';
      seen.add(value as object);
      stack.push([value as Container, copy as Container]);
    }
    return copy;
  }
}
