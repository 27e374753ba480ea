/**
 * The browsers watching the console, as server-sent event streams. Publishing asks for the event
 * lazily: with nobody watching, the request path pays one size check and builds nothing.
 */
import type { ServerResponse } from 'node:http';

export class SseHub {
  readonly #clients = new Set<ServerResponse>();
  // Frames of one turn of the event loop go out in one write per watcher, not one write per frame.
  #pending = '';

  /** Browsers watching right now. */
  get size(): number {
    return this.#clients.size;
  }

  /** Turns `res` into an event stream until the browser goes away. */
  attach(res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // A comment first, so the browser sees the stream open at once; the retry is for restarts.
    res.write(': journeykit console\nretry: 1000\n\n');
    this.#clients.add(res);
    res.on('close', () => this.#clients.delete(res));
  }

  /** Sends one event to every watcher; `data` is only called when someone watches. */
  publish(event: string, data: () => unknown): void {
    if (this.#clients.size === 0) return;
    if (this.#pending === '') setImmediate(() => this.#flush());
    this.#pending += `event: ${event}\ndata: ${JSON.stringify(data())}\n\n`;
  }

  #flush(): void {
    const frames = this.#pending;
    this.#pending = '';
    for (const client of this.#clients) client.write(frames);
  }

  /** Ends every stream (the server is closing). */
  close(): void {
    this.#pending = '';
    for (const client of this.#clients) client.end();
    this.#clients.clear();
  }
}
