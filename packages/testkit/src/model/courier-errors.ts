/**
 * Error bodies shaped like Courier's: `{ message, type }`, with the type its errors page maps each
 * status to (courier.com/docs/platform/sending/handling-responses-and-errors).
 */

/** Courier's error `type` for a status. */
function errorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'authorization_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'api_error';
  // 400, 404, 409 and 413 in Courier's table, and any other 4xx.
  return 'invalid_request_error';
}

/** A JSON error body for `status`: `{ message, type }`, nothing else. */
export function errorBody(status: number, message: string): { message: string; type: string } {
  return { message, type: errorType(status) };
}
