import { start } from './app.js';

const port = Number(process.env.PORT ?? 3000);
const running = await start({ port, host: process.env.HOST ?? '127.0.0.1', log: (line) => console.log(line) });

console.log(`fastify-sample listening on ${running.url}`);
console.log(
  running.fakeCourier
    ? `journeys go to the embedded fake Courier server at ${running.fakeCourier.url} (set COURIER_API_KEY to use Courier)`
    : `journeys go to Courier (${process.env.COURIER_BASE_URL || 'https://api.courier.com'})`,
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing`);
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
