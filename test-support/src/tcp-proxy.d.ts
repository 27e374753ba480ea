/** A TCP proxy on 127.0.0.1 that can go down; see {@link startTcpProxy}. */
export interface TcpProxy {
  /** The proxy's port on 127.0.0.1: point the client there instead of at the target. */
  port: number;
  /** Cuts every open connection and refuses new ones. */
  down(): void;
  /** Lets connections through again. */
  up(): void;
  /** Cuts every connection and stops listening. */
  close(): Promise<void>;
}

/**
 * A TCP proxy on 127.0.0.1 in front of `target` (a URL with host and port; `defaultPort` when it
 * has none) that can go down: `down()` cuts every open connection and refuses new ones, as when
 * the service is unreachable; `up()` lets connections through again.
 */
export declare function startTcpProxy(target: string | URL, options?: { defaultPort?: number }): Promise<TcpProxy>;
