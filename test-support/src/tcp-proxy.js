// Plain JavaScript (with tcp-proxy.d.ts beside it) so the bench scripts can import it under plain node.
import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of `target` (a URL with host and port) that can go down:
 * `down()` cuts every open connection and refuses new ones, as when the service is unreachable;
 * `up()` lets connections through again. The service behind it stays up.
 * @param {string | URL} target
 * @param {{ defaultPort?: number }} [options]
 * @returns {Promise<import('./tcp-proxy.js').TcpProxy>}
 */
export async function startTcpProxy(target, { defaultPort } = {}) {
  const { hostname } = new URL(target);
  const port = Number(new URL(target).port || defaultPort);
  /** @type {Set<net.Socket>} */
  const sockets = new Set();
  let isUp = true;
  const server = net.createServer((client) => {
    if (!isUp) return void client.destroy();
    const upstream = net.connect(port, hostname);
    sockets.add(client).add(upstream);
    const forget = () => {
      sockets.delete(client);
      sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', forget).on('close', forget);
    upstream.on('error', forget).on('close', forget);
    client.pipe(upstream).pipe(client);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {net.AddressInfo} */ (server.address());
  /** @type {import('./tcp-proxy.js').TcpProxy} */
  const proxy = {
    port: address.port,
    down() {
      isUp = false;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    up() {
      isUp = true;
    },
    close() {
      proxy.down();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
