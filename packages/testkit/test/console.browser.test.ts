/**
 * The fake's console in a real browser (Debian's Chromium, driven by playwright-core), against the
 * real fake server on 127.0.0.1 and a real JourneysClient: rows appear live, a run's page shows what
 * was received, the actions change what Courier's endpoints answer, filters, and the token rule.
 */
import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JourneysClient } from '@journeykit/core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startFakeCourier, type FakeCourierServer } from '../src/index.js';
import { isLoopbackHost } from '../src/console/access.js';
import { launchChromium } from './support/browser.js';
import { SIGNUP } from './support/journey-definitions.js';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let server: FakeCourierServer;
let client: JourneysClient;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  server = await startFakeCourier({ apiKey: 'console-secret-key' });
  client = new JourneysClient({ apiKey: 'console-secret-key', baseUrl: server.url, retryDelayMs: 1 });
  context = await browser.newContext();
  page = await context.newPage();
});
afterEach(async () => {
  await context.close();
  await client.close();
  await server.close();
});

/** Opens a console page and waits until its event stream is connected. */
async function open(path = ''): Promise<void> {
  await page.goto(`${server.consoleUrl as string}${path}`);
  await expect.poll(() => page.locator('#live').textContent()).toBe('Live');
}

describe('the fake Courier console in Chromium', () => {
  it('shows a run invoked by a client without a reload', async () => {
    await open();
    await page.evaluate(() => Object.assign(globalThis, { loadedOnce: true }));
    const { runId } = await client.invoke('welcome', { user_id: 'ada', data: { plan: 'pro' } });
    const row = page.locator(`tr[data-run-id="${runId}"]`);
    await row.waitFor({ timeout: 5_000 });
    await expect.poll(() => row.locator('td').allTextContents()).toEqual([expect.any(String), 'welcome', 'ada', 'PROCESSING', '1', '0', runId]);
    // The same document: the row came over the event stream, not from a reload.
    expect(await page.evaluate(() => (globalThis as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
  });

  it('opens a run and shows its body, key, every attempt and a replay, never the API key', async () => {
    // Open first: headers and raw bodies are kept for requests that arrive while a console page is open.
    await open();
    // Courier created the run, then the connection dropped: the client retries with the same key and gets the replay.
    server.inject({ kind: 'create-then-drop' }, { templateId: 'welcome' });
    const { runId } = await client.invoke('welcome', { user_id: 'ada', data: { plan: 'pro', seats: 3 } });
    const key = server.invocations[0]?.idempotencyKey as string;
    await page.getByRole('link', { name: runId }).click();
    await page.getByRole('heading', { name: `Run ${runId}` }).waitFor();
    const body = JSON.parse((await page.getByLabel('Request body').textContent()) as string) as unknown;
    expect(body).toEqual({ user_id: 'ada', data: { plan: 'pro', seats: 3 } });
    await expect.poll(() => page.getByRole('heading', { name: /^Idempotency-Key/ }).textContent()).toBe(`Idempotency-Key ${key}`);
    const attempts = page.getByRole('table', { name: /Every attempt and replay/ }).locator('tbody tr');
    expect(await attempts.count()).toBe(2);
    expect(await attempts.nth(0).locator('td').nth(2).textContent()).toBe('attempt, injected fault: create-then-drop');
    expect(await attempts.nth(1).locator('td').nth(2).textContent()).toBe('replay');
    const headers = await page
      .getByRole('table', { name: /^Headers/ })
      .locator('tbody th')
      .allTextContents();
    expect(headers).toEqual(expect.arrayContaining(['content-type', 'idempotency-key', 'user-agent']));
    expect(headers).not.toContain('authorization');
    const html = await page.content();
    expect(html).not.toContain('console-secret-key');
    expect(html.toLowerCase()).not.toContain('authorization</th>');
  });

  it('sets a status that runs.get then returns, and the page follows', async () => {
    const { runId } = await client.invoke('welcome', { user_id: 'ada' });
    await open(`runs/${encodeURIComponent(runId)}`);
    await page.getByLabel('New status').selectOption('ERROR');
    await page.getByRole('button', { name: 'Set status' }).click();
    await expect.poll(() => page.locator('#run-status').textContent()).toBe('ERROR');
    expect((await client.runs.get(runId)).status).toBe('ERROR');
  });

  it('injects a fault for the next invoke of a journey, which the client then retries', async () => {
    await open();
    const form = page.getByRole('region', { name: 'Inject a fault' });
    await form.getByLabel('Journey').fill('welcome');
    await form.getByLabel('Status').fill('503');
    await form.getByLabel('Retry-After').fill('0');
    await form.getByLabel('For the next N invokes').fill('1');
    await form.getByRole('button', { name: 'Inject fault' }).click();
    await expect.poll(() => form.locator('output').textContent()).toMatch(/^Done: the next 1 invoke\(s\) of "welcome" get 503/);
    const { runId } = await client.invoke('welcome', { user_id: 'ada' });
    expect(server.requests.map((r) => r.status)).toEqual([503, 200]);
    // The row counts both attempts under the key.
    await expect.poll(() => page.locator(`tr[data-run-id="${runId}"] td`).nth(4).textContent()).toBe('2');
  });

  it('filters runs by journey, user and status, live rows included', async () => {
    const welcome = await client.invoke('welcome', { user_id: 'ada' });
    const order = await client.invoke('order-placed', { user_id: 'ada' });
    await client.invoke('order-placed', { user_id: 'grace' });
    server.setRunStatus(order.runId, 'PROCESSED');
    await open();
    const filters = page.getByRole('search', { name: 'Filter runs' });
    await filters.getByLabel('Journey').fill('order-placed');
    await filters.getByLabel('User').fill('ada');
    await filters.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => page.locator('#live').textContent()).toBe('Live');
    const rows = page.locator('#runs-body tr');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-run-id')))).toEqual([order.runId]);
    await filters.getByLabel('Status').selectOption('PROCESSING');
    await filters.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => page.locator('#live').textContent()).toBe('Live');
    expect(await rows.count()).toBe(0);
    // Live: a matching run appears, another journey's does not.
    await client.invoke('welcome', { user_id: 'ada' });
    const fresh = await client.invoke('order-placed', { user_id: 'ada' });
    await page.locator(`tr[data-run-id="${fresh.runId}"]`).waitFor({ timeout: 5_000 });
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-run-id')))).toEqual([fresh.runId]);
    expect(welcome.runId).not.toBe(fresh.runId);
  });
});

describe('the trigger-schema verdict in Chromium', () => {
  it("shows why data failed its journey's trigger schema, and the run in ERROR", async () => {
    const defined = await startFakeCourier({ apiKey: 'console-secret-key', journeyDefinitions: [SIGNUP] });
    const definedClient = new JourneysClient({ apiKey: 'console-secret-key', baseUrl: defined.url, retryDelayMs: 1 });
    try {
      const { runId } = await definedClient.invoke('signup', { user_id: 'ada', data: { plan: 'gold' } });
      await page.goto(`${defined.consoleUrl as string}runs/${encodeURIComponent(runId)}`);
      const section = page.getByRole('region', { name: 'Trigger schema' });
      await expect
        .poll(() => section.locator('#schema-verdict').textContent())
        .toBe('Failed: data failed the trigger schema of journey "signup" (v1): data.plan: must be one of "free", "pro"');
      expect(await page.locator('#run-status').textContent()).toBe('ERROR');
    } finally {
      await definedClient.close();
      await defined.close();
    }
  });
});

describe('a status that changes by its script alone', () => {
  it('reaches the runs page and the run page without a reload', async () => {
    const scripted = await startFakeCourier({
      apiKey: 'console-secret-key',
      runStatuses: [{ status: 'PROCESSING' }, { status: 'PROCESSED', afterMs: 800 }],
    });
    const scriptedClient = new JourneysClient({ apiKey: 'console-secret-key', baseUrl: scripted.url, retryDelayMs: 1 });
    const live = () => page.locator('#live').textContent();
    try {
      // The runs page is open when the run is created: its row appears, then moves with the script.
      await page.goto(scripted.consoleUrl as string);
      await expect.poll(live).toBe('Live');
      await page.evaluate(() => Object.assign(globalThis, { loadedOnce: true }));
      const first = await scriptedClient.invoke('welcome', { user_id: 'ada' });
      const status = page.locator(`tr[data-run-id="${first.runId}"] td`).nth(3);
      await expect.poll(() => status.textContent(), { timeout: 5_000 }).toBe('PROCESSING');
      await expect.poll(() => status.textContent(), { timeout: 5_000 }).toBe('PROCESSED');
      expect(await page.evaluate(() => (globalThis as { loadedOnce?: boolean }).loadedOnce)).toBe(true);

      // The run page is opened after the run was created: it follows the script too.
      const second = await scriptedClient.invoke('welcome', { user_id: 'grace' });
      await page.goto(`${scripted.consoleUrl as string}runs/${encodeURIComponent(second.runId)}`);
      expect(await page.locator('#run-status').textContent()).toBe('PROCESSING');
      await expect.poll(live).toBe('Live');
      await expect.poll(() => page.locator('#run-status').textContent(), { timeout: 5_000 }).toBe('PROCESSED');
    } finally {
      await scriptedClient.close();
      await scripted.close();
    }
  });
});

describe('the console from the keyboard', () => {
  it('skips to the content, reaches every field by its label, and sets a status with Enter', async () => {
    const { runId } = await client.invoke('welcome', { user_id: 'ada' });
    await open(`runs/${encodeURIComponent(runId)}`);
    await page.keyboard.press('Tab');
    const focused = (what: 'id' | 'textContent') => page.evaluate(`document.activeElement && document.activeElement.${what}`);
    expect(await focused('textContent')).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await focused('id')).toBe('main');
    // Tab on to the status field (each stop is a link, a field or a button), choose with the keyboard, submit with Enter.
    let id: unknown;
    for (let i = 0; i < 10 && id !== 'new-status'; i++) {
      await page.keyboard.press('Tab');
      id = await focused('id');
    }
    expect(id).toBe('new-status');
    // PROCESSED is preselected; two down is ERROR.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#run-status').textContent()).toBe('ERROR');
    expect((await client.runs.get(runId)).status).toBe('ERROR');
    // Every form field has a label that names it.
    await open();
    const unlabelled = await page.evaluate(
      "[...document.querySelectorAll('input, select')].filter((el) => el.labels.length === 0).map((el) => el.id)",
    );
    expect(unlabelled).toEqual([]);
  });
});

/**
 * A name that is not loopback by its text but resolves to loopback on this machine: its own hostname
 * (Debian's /etc/hosts maps it to 127.0.1.1), else any other name /etc/hosts maps to 127.x or ::1
 * (containers add their own). Never an outside address: a name that resolves elsewhere is skipped.
 */
async function loopbackName(): Promise<string> {
  let hosts = '';
  try {
    hosts = readFileSync('/etc/hosts', 'utf8');
  } catch {
    // No /etc/hosts: the hostname is the only candidate.
  }
  const fromHosts = hosts
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim().split(/\s+/))
    .filter(([address]) => address !== undefined && (address.startsWith('127.') || address === '::1'))
    .flatMap(([, ...names]) => names);
  const candidates = [hostname(), ...fromHosts].filter((name) => name !== '' && !isLoopbackHost(name));
  for (const name of new Set(candidates)) {
    const addresses = await lookup(name, { all: true }).catch(() => []);
    if (addresses.length > 0 && addresses.every(({ address }) => address.startsWith('127.') || address === '::1')) return name;
  }
  throw new Error(
    `This test needs a name that resolves only to loopback (the hostname, or one in /etc/hosts); tried ${candidates.join(', ') || 'none'}`,
  );
}

describe('the console off loopback', () => {
  it('asks for the token printed at start-up when the host is a name, even one that resolves to 127.0.0.1', async () => {
    const host = await loopbackName();
    const named = await startFakeCourier({ host, apiKey: 'console-secret-key' });
    try {
      const consoleUrl = named.consoleUrl as string;
      expect(consoleUrl).toMatch(new RegExp(`^http://${host}:\\d+/_console/\\?token=[\\w-]{20,}$`));
      const bare = consoleUrl.replace(/\?token=.*$/, '');
      const denied = await page.goto(bare);
      expect(denied?.status()).toBe(401);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This console needs its token');
      const wrong = await page.goto(`${bare}?token=not-the-token-at-all`);
      expect(wrong?.status()).toBe(401);
      // The printed URL opens it, trades the token for a cookie, and the pages and the stream then work.
      await page.goto(consoleUrl);
      expect(page.url()).toBe(bare);
      await expect.poll(() => page.locator('#live').textContent()).toBe('Live');
      await page.getByRole('link', { name: 'Requests' }).click();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Requests');
      // The action endpoints are behind the same rule.
      const action = await fetch(`${named.url}/_console/api/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(action.status).toBe(401);
    } finally {
      await named.close();
    }
  });
});
