/**
 * Takes the API key out of everything that comes back from the server before it reaches an
 * error or a hook. Servers and proxies sometimes echo request headers (into a body, a message, an
 * `x-request-id`), and the key must not ride back out that way.
 *
 * Redaction runs on the failure path, often right before a retry decision, so it must never
 * throw: it walks values with an explicit stack (a deeply nested body cannot overflow it) and
 * falls back to a placeholder for anything it cannot read.
 */

const REDACTED = '[redacted]';
const UNREADABLE = '[unreadable]';

/** Keys shorter than this are test keys; replacing them would mangle unrelated text. */
const MIN_REDACTED_KEY_LENGTH = 8;

/** Redacts one secret from strings and from the values parsed out of a server's answer. */
export interface Redactor {
  /** The text with every occurrence of the key replaced. */
  text(value: string): string;
  /** A copy of a JSON-like value (plain objects, arrays, primitives) with the key out of every string and property name. */
  value<T>(value: T): T;
  /** What an error from the transport may show: its name, code and redacted message; never its other fields. */
  error(value: unknown): { name?: string; code?: unknown; message: string };
}

/** A redactor for `key`. A key too short to redact safely yields a redactor that copies values unchanged. */
export function createRedactor(key: string): Redactor {
  const active = key.length >= MIN_REDACTED_KEY_LENGTH;
  // Inside JSON text the key may appear escaped (a quote or backslash in it).
  const escaped = JSON.stringify(key).slice(1, -1);

  const text = (value: string): string => {
    if (!active) return value;
    let out = value.includes(key) ? value.split(key).join(REDACTED) : value;
    if (escaped !== key && out.includes(escaped)) out = out.split(escaped).join(REDACTED);
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
