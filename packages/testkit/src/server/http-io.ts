/** Small node:http helpers of the fake server: headers, JSON answers, bounded body reads. */
import type { IncomingMessage } from 'node:http';
import type { StoredResponse } from './idempotency-store.js';

export const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

/** One request header (the first, if repeated). */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A JSON answer, in the form the idempotency store keeps. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): StoredResponse {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body), runId: undefined };
}

/** The body, or why there is none: over the limit, or the client went away. */
export type BodyResult = Buffer | 'too-large' | 'aborted';

/** Reads the whole body, up to `limit` bytes (past it, the rest is discarded unread). */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve('aborted'));
    req.on('close', () => {
      if (!req.complete) resolve('aborted');
    });
  });
}
