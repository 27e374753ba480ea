import net from 'node:net';

/**
 * A TCP proxy in front of the test PostgreSQL server, on 127.0.0.1: `down()` cuts every
 * connection and refuses new ones (the database is unreachable), `up()` lets them through again.
 * The server itself stays up for the other tests.
 */
export interface DatabaseProxy {
  url: string;
  down(): void;
  up(): void;
  close(): Promise<void>;
}

export async function startDatabaseProxy(databaseUrl: string): Promise<DatabaseProxy> {
  const target = new URL(databaseUrl);
  const sockets = new Set<net.Socket>();
  let isUp = true;
  const server = net.createServer((client) => {
    if (!isUp) return client.destroy();
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    const forget = (): void => {
      sockets.delete(client);
      sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', forget).on('close', forget);
    upstream.on('error', forget).on('close', forget);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  const proxy: DatabaseProxy = {
    url: url.toString(),
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
