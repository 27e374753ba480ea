import { readEnv } from './settings.js';
import { start } from './app.js';

const { PORT, HOST } = readEnv(process.env);
const app = await start({ port: PORT, host: HOST });

console.log(`nest-sample listening on ${app.url}`);
console.log(
  app.fakeCourier === undefined
    ? 'Journeys go to Courier (COURIER_API_KEY is set).'
    : `Journeys go to the embedded fake Courier server at ${app.fakeCourier.url} (set COURIER_API_KEY to use Courier).`,
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing (journeys in flight finish first)`);
    // No process.exit() on success: the process ends by itself once nothing is left open,
    // which is what the e2e test checks.
    app.close().then(
      () => console.log('closed'),
      (error: unknown) => {
        console.error(error);
        process.exitCode = 1;
      },
    );
  });
}
