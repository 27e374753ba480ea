import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// The checked-in catalog is what `journeykit pull` writes from the journeys the sample's "Courier"
// serves (courier/journeys.json): `pnpm journeys:check`, as CI runs it against Courier.
it('src/journeys.gen.ts matches courier/journeys.json (pnpm journeys:check exits 0)', async () => {
  const script = fileURLToPath(new URL('../scripts/journeys.mjs', import.meta.url));
  const child = spawn(process.execPath, [script, 'check'], { stdio: 'pipe', env: { ...process.env, COURIER_API_KEY: '', COURIER_BASE_URL: '' } });
  let output = '';
  child.stdout.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr.on('data', (b: Buffer) => (output += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code, output).toBe(0);
  expect(output).toContain("src/journeys.gen.ts matches Courier's");
}, 30_000);
