/**
 * The endpoints the fake Courier serves, and which one a request is for. A path can match more
 * than one pattern (`/journeys/runs/invoke` is the invoke of a journey named "runs" and the read
 * of a run named "invoke"); the method decides, and a path with no route for its method gets 405.
 */

/** The endpoints of the fake server, as `inject({ ... }, { endpoint })` and `server.requests` name them. */
export type FakeCourierEndpoint =
  | 'invoke'
  | 'cancel'
  | 'runs.list'
  | 'runs.get'
  | 'runs.steps'
  | 'journeys.list'
  | 'journeys.get'
  | 'journeys.versions';

/** Every endpoint, in the order the fake's messages list them. */
export const FAKE_COURIER_ENDPOINTS: readonly FakeCourierEndpoint[] = Object.freeze([
  'invoke',
  'cancel',
  'runs.list',
  'runs.get',
  'runs.steps',
  'journeys.list',
  'journeys.get',
  'journeys.versions',
]);

interface Route {
  endpoint: FakeCourierEndpoint;
  method: 'GET' | 'POST';
  pattern: RegExp;
  /** What the captured path segment is: a template ID or a run ID, still percent-encoded. */
  param?: 'templateId' | 'runId';
  /** How the docs write it. */
  shape: string;
}

const ROUTES: readonly Route[] = [
  { endpoint: 'invoke', method: 'POST', pattern: /^\/journeys\/([^/]+)\/invoke$/, param: 'templateId', shape: 'POST /journeys/{templateId}/invoke' },
  { endpoint: 'cancel', method: 'POST', pattern: /^\/journeys\/cancel$/, shape: 'POST /journeys/cancel' },
  { endpoint: 'runs.list', method: 'GET', pattern: /^\/journeys\/runs$/, shape: 'GET /journeys/runs' },
  { endpoint: 'runs.get', method: 'GET', pattern: /^\/journeys\/runs\/([^/]+)$/, param: 'runId', shape: 'GET /journeys/runs/{runId}' },
  { endpoint: 'runs.steps', method: 'GET', pattern: /^\/journeys\/runs\/([^/]+)\/steps$/, param: 'runId', shape: 'GET /journeys/runs/{runId}/steps' },
  { endpoint: 'journeys.list', method: 'GET', pattern: /^\/journeys$/, shape: 'GET /journeys' },
  // `cancel` and `runs` name endpoints of their own, not journeys.
  {
    endpoint: 'journeys.get',
    method: 'GET',
    pattern: /^\/journeys\/(?!cancel$|runs$)([^/]+)$/,
    param: 'templateId',
    shape: 'GET /journeys/{templateId}',
  },
  {
    endpoint: 'journeys.versions',
    method: 'GET',
    pattern: /^\/journeys\/([^/]+)\/versions$/,
    param: 'templateId',
    shape: 'GET /journeys/{templateId}/versions',
  },
];

/** Every route, as a sentence for the 404 message. */
export const ROUTE_LIST = ROUTES.map((r) => r.shape).join(', ');

/** Where a request goes: an endpoint (with its path parameter, still encoded), or why none. */
export type Routed =
  | { kind: 'endpoint'; endpoint: FakeCourierEndpoint; param: 'templateId' | 'runId' | undefined; raw: string | undefined }
  | { kind: 'method-not-allowed'; allow: string }
  | { kind: 'not-found' };

export function route(method: string, path: string): Routed {
  const allowed: string[] = [];
  for (const r of ROUTES) {
    const match = r.pattern.exec(path);
    if (match === null) continue;
    if (r.method === method) return { kind: 'endpoint', endpoint: r.endpoint, param: r.param, raw: match[1] };
    if (!allowed.includes(r.method)) allowed.push(r.method);
  }
  return allowed.length === 0 ? { kind: 'not-found' } : { kind: 'method-not-allowed', allow: allowed.join(', ') };
}
