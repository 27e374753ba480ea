/**
 * The browsers watching the console, as server-sent event streams, each with what its page shows
 * (so the live feed builds for each only what that page would display).
 */
import type { ServerResponse } from 'node:http';

export class SseHub<View> {
  readonly #clients = new Map<ServerResponse, View>();

  /** Browsers watching right now. */
  get size(): number {
    return this.#clients.size;
  }

  /** The watchers and what each one's page shows. */
  watchers(): IterableIterator<[ServerResponse, View]> {
    return this.#clients.entries();
  }

  /** Turns `res` into an event stream for a page showing `view`, until the browser goes away. */
  attach(res: ServerResponse, view: View): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // A comment first, so the browser sees the stream open at once; the retry is for restarts.
    res.write(': journeykit console\nretry: 1000\n\n');
    this.#clients.set(res, view);
    res.on('close', () => this.#clients.delete(res));
  }

  /** Sends one event to one watcher; `data` is JSON text. */
  send(res: ServerResponse, event: string, data: string): void {
    res.write(`event: ${event}\ndata: ${data}\n\n`);
  }

  /** Sends one event to every watcher. */
  broadcast(event: string, data: string): void {
    for (const client of this.#clients.keys()) this.send(client, event, data);
  }

  /** Ends every stream (the server is closing). */
  close(): void {
    for (const client of this.#clients.keys()) client.end();
    this.#clients.clear();
  }
}
