#!/usr/bin/env node
// `pnpm --filter @journeykit/testkit screenshots`: renders the console's main views into docs/*.png
// for the README (generated, never drawn): a real fake server, real invokes from a JourneysClient
// (a retried 503, a dropped connection replayed, a canceled run), and Debian's Chromium.
// Needs the build (dist) and Chromium (apt-get install -y chromium, or JOURNEYKIT_CHROMIUM).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JourneysClient } from '@journeykit/core';
import { chromium } from 'playwright-core';
import { startFakeCourier } from '../dist/index.js';

const CHROMIUM = process.env.JOURNEYKIT_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  console.error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium, or set JOURNEYKIT_CHROMIUM`);
  process.exit(1);
}
const out = (name) => fileURLToPath(new URL(`../docs/${name}`, import.meta.url));

const definitions = [
  {
    id: 'welcome',
    name: 'Welcome',
    nodes: [
      {
        id: 'trigger-1',
        type: 'trigger',
        trigger_type: 'api-invoke',
        schema: { type: 'object', required: ['plan'], properties: { plan: { enum: ['free', 'pro'] }, seats: { type: 'integer' } } },
      },
      { id: 'send-1', type: 'send' },
    ],
  },
  { id: 'order-placed', name: 'Order placed', nodes: [{ id: 'trigger-1', type: 'trigger', trigger_type: 'api-invoke' }] },
];
const server = await startFakeCourier({
  seed: 42,
  journeyDefinitions: definitions,
  runStatuses: [{ status: 'PROCESSING' }, { status: 'WAITING', afterMs: 200 }],
});
const client = new JourneysClient({ apiKey: 'test-key', baseUrl: server.url, retryDelayMs: 1 });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
try {
  // A page open first: the console keeps headers and raw bodies of requests that arrive while one is.
  const page = await browser.newPage({ viewport: { width: 1024, height: 720 } });
  await page.goto(`${server.url}/_console/`);
  await page.locator('#live.on').waitFor();
  await client.invoke('welcome', { user_id: 'ada', data: { plan: 'pro', seats: 3 } });
  server.inject({ kind: 'status', status: 503, stored: false }, { templateId: 'order-placed' });
  const order = await client.invoke('order-placed', { user_id: 'grace', data: { order_id: 'o-1001', total: 42.5 } });
  server.inject({ kind: 'create-then-drop' }, { templateId: 'welcome' });
  const replayed = await client.invoke('welcome', { user_id: 'alan', data: { plan: 'free' } });
  await client.invoke('order-placed', { user_id: 'ada', data: { order_id: 'o-1002', total: 9 } });
  await client.cancel({ run_id: order.runId });
  server.setRunStatus(replayed.runId, 'PROCESSED');

  const shoot = async (path, file, fullPage = false) => {
    await page.goto(`${server.url}/_console/${path}`);
    await page.locator('#live.on').waitFor();
    await page.screenshot({ path: out(file), fullPage });
    console.log(`docs/${file}`);
  };
  await shoot('', 'console-runs.png');
  await shoot(`runs/${encodeURIComponent(replayed.runId)}`, 'console-run.png');
  await shoot('requests', 'console-requests.png');
  await shoot('journeys', 'console-journeys.png');
} finally {
  await browser.close();
  await client.close();
  await server.close();
}
