import { request, type HttpAnswer } from '@journeykit/test-support/http';

/**
 * Raw HTTP to the fake server with this package's test key, for what a JourneysClient would never
 * send: the path goes out verbatim, a string body as it is (no body at all is an empty one).
 */
export function post(url: string, path: string, body: unknown, headers: Record<string, string> = {}, method = 'POST'): Promise<HttpAnswer> {
  return request(url, { method, path, body: body ?? '', headers: { authorization: 'Bearer test-key', ...headers } });
}
