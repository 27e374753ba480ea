/**
 * A recording hop between a client and the fake Courier server: every request exactly as it
 * arrived on the socket (method, path, query, headers, body), then forwarded unchanged. The fake's
 * own request log says what it did with a request; this says what the client put on the wire.
 */
import { createServer, request as forward, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

interface WireRequest {
  method: string;
  path: string;
  /** Query parameters in the order sent. */
  query: [string, string][];
  /** Header names lower-cased; `authorization` masked to `Bearer <key>` when it carries `key`. */
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WireTap {
  /** Point the client here instead of at the fake. */
  readonly url: string;
  readonly requests: WireRequest[];
  close(): Promise<void>;
}

export async function startWireTap(targetUrl: string, apiKey: string): Promise<WireTap> {
  const target = new URL(targetUrl);
  const requests: WireRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://tap');
      const headers = { ...req.headers };
      if (headers.authorization === `Bearer ${apiKey}`) headers.authorization = 'Bearer <key>';
      requests.push({ method: req.method ?? '', path: url.pathname, query: [...url.searchParams], headers, body: body.toString('utf8') });
      const upstream = forward(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('error', () => res.destroy());
        },
      );
      // A fault the fake plays (a dropped connection) reaches the client as the same fault.
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
