/**
 * Reading Courier's answers: the body as JSON (or its text when it is not JSON) and headers from
 * undici's raw list. Nothing here judges the answer; error-mapping.ts and the endpoint
 * descriptions do.
 */

/** The body as JSON; its text when it is not JSON; undefined when it is empty. */
export function parseBody(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Reads one header (case-insensitive; `name` in lower case) from undici's raw header list. */
export function findHeader(rawHeaders: readonly (Buffer | string)[], name: string): string | undefined {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const key = rawHeaders[i] as Buffer | string;
    if (key.length === name.length && key.toString().toLowerCase() === name) return (rawHeaders[i + 1] as Buffer | string).toString();
  }
  return undefined;
}

/** A parsed body as an object whose fields can be read, or undefined. */
export function asRecord(body: unknown): Record<string, unknown> | undefined {
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
}
