// `pnpm journeys:pull` / `pnpm journeys:check`: runs `journeykit pull|check src/journeys.gen.ts`.
// With COURIER_API_KEY set, against Courier; without it, against a fake Courier serving
// courier/journeys.json (this sample's stand-in for the journeys in a Courier workspace).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startFakeCourier } from '@journeykit/testkit';

const command = process.argv[2] === 'check' ? 'check' : 'pull';
const app = new URL('..', import.meta.url);
const fake = !process.env.COURIER_API_KEY
  ? await startFakeCourier({ apiKey: 'journeys-pull', journeyDefinitions: JSON.parse(readFileSync(new URL('courier/journeys.json', app), 'utf8')) })
  : undefined;
const env = fake === undefined ? process.env : { ...process.env, COURIER_BASE_URL: fake.url, COURIER_API_KEY: 'journeys-pull' };
// Not execFileSync: the fake answers from this process, so its event loop must keep running.
const child = spawn('pnpm', ['exec', 'journeykit', command, 'src/journeys.gen.ts'], { cwd: app, env, stdio: 'inherit' });
process.exitCode = await new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
await fake?.close();
