/**
 * The "pulled catalog" row of `pnpm bench`: JourneysClient with the catalog `journeykit pull` wrote
 * from pulled/journeys.json (the bench journey's trigger schema, matching payloads.mjs), so the
 * row measures what validating `data` with the generated Ajv validator costs per invoke.
 *
 * `pnpm --filter @journeykit/bench pulled:pull` regenerates pulled/journeys.gen.ts (a fake Courier
 * serves pulled/journeys.json to `journeykit pull`). The bench runs the checked-in module,
 * transpiled once by TypeScript (types erased, nothing else changed).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PULLED = new URL('../pulled/', import.meta.url);

const BUILT = new URL('.build/journeys.gen.mjs', PULLED);

/**
 * Transpiles pulled/journeys.gen.ts (types erased, nothing else changed) into pulled/.build/ unless
 * it is there already and newer. The bench calls it once before the measuring children start, so no
 * child loads TypeScript (which would cost it memory and CPU the row must not count).
 */
export async function buildPulledCatalog() {
  const source = new URL('journeys.gen.ts', PULLED);
  if (existsSync(BUILT) && statSync(BUILT).mtimeMs >= statSync(source).mtimeMs) return;
  const ts = (await import('typescript')).default;
  const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  mkdirSync(new URL('.build/', PULLED), { recursive: true });
  // Written whole, then renamed: a child never imports half a file.
  const partial = new URL(`journeys.gen.${process.pid}.tmp`, new URL('.build/', PULLED));
  writeFileSync(partial, outputText);
  renameSync(partial, BUILT);
}

/** The pulled catalog module's exports (`journeys`, a defineJourneys() catalog). */
export async function loadPulledCatalog() {
  if (!existsSync(BUILT)) await buildPulledCatalog();
  return import(BUILT.href);
}

async function regenerate() {
  const { startFakeCourier } = await import('@journeykit/testkit');
  const fake = await startFakeCourier({
    apiKey: 'bench-pull',
    journeyDefinitions: JSON.parse(readFileSync(new URL('journeys.json', PULLED), 'utf8')),
  });
  const env = { ...process.env, COURIER_BASE_URL: fake.url, COURIER_API_KEY: 'bench-pull' };
  const child = spawn('pnpm', ['exec', 'journeykit', 'pull', 'pulled/journeys.gen.ts'], {
    cwd: new URL('..', import.meta.url),
    env,
    stdio: 'inherit',
  });
  process.exitCode = await new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  await fake.close();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await regenerate();
