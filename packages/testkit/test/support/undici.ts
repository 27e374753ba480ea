/** Real HTTP to the fake server with undici, for the lifecycle endpoints (what a client sends, and what it never would). */
import { request } from 'undici';

export interface CallResponse<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string | string[]>;
}

/** Calls `path` on the fake server with the default test key; a JSON body is parsed, anything else is text. */
export async function call<T = any>(baseUrl: string, path: string, options: CallOptions = {}): Promise<CallResponse<T>> {
  const url = new URL(path, baseUrl);
  for (const [name, value] of Object.entries(options.query ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(name, v);
  }
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const payload = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const res = await request(url, {
    method: method as 'GET',
    headers: { authorization: 'Bearer test-key', ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
    body: payload,
  });
  const text = await res.body.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: res.statusCode, headers: res.headers, body: body as T };
}

/** Starts a run of `templateId` on the fake server and returns its run id. */
export async function invoke(
  baseUrl: string,
  templateId: string,
  body: unknown = { user_id: 'u1' },
  headers?: Record<string, string>,
): Promise<string> {
  const res = await call<{ runId: string }>(baseUrl, `/journeys/${encodeURIComponent(templateId)}/invoke`, { body, headers });
  if (res.status !== 200) throw new Error(`invoke answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.runId;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
