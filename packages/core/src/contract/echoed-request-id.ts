/**
 * Tells a response's request id from a value of the request echoed back. A server or gateway that
 * copies one request value into `x-request-id` (an SSN from `data`, a user id, the caller's
 * Idempotency-Key such as `order-42-shipped`) hands back text that looks like an id, and a request
 * id goes to logs and span statuses: so a request id equal to something the request carried is dropped.
 */

/** What one call sent that a request id must not equal. */
export interface SentValues {
  idempotencyKey?: string | undefined;
  /** The JSON body's bytes as sent. */
  body?: Uint8Array | undefined;
}

function hasStringValue(value: unknown, wanted: string): boolean {
  // An explicit stack: a body nested deeper than the call stack must not throw here.
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    if (next === wanted) return true;
    if (next !== null && typeof next === 'object') for (const inner of Object.values(next)) stack.push(inner);
  }
  return false;
}

/**
 * Whether `requestId` is the idempotency key sent, or any string value of the body sent. Runs on
 * failures only: the body is parsed again only when its text holds the id at all.
 */
export function echoesSentValue(requestId: string, sent: SentValues): boolean {
  if (requestId === sent.idempotencyKey) return true;
  if (sent.body === undefined) return false;
  const body = new TextDecoder().decode(sent.body);
  // core wrote the body with JSON.stringify: a string value equal to the id appears in it escaped the same way.
  if (!body.includes(JSON.stringify(requestId).slice(1, -1))) return false;
  try {
    return hasStringValue(JSON.parse(body), requestId);
  } catch {
    // Not JSON after all: the id appears in it, so keep nothing.
    return true;
  }
}
