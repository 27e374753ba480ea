/** Error bodies shaped like Courier's: `{ message, type }`, plus details where they help. */

/** Courier's error `type` for a status. */
export function errorType(status: number): string {
  if (status === 401 || status === 403) return 'authentication_error';
  if (status === 409) return 'idempotency_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

/** A JSON error body for `status`. */
export function errorBody(status: number, message: string, extra?: Record<string, unknown>): Record<string, unknown> {
  return { message, type: errorType(status), ...extra };
}
