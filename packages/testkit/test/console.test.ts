/**
 * The console's access rule and its action endpoints over real HTTP (the pages themselves are
 * driven in Chromium by console.browser.test.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JourneysClient, JourneysConfigurationError } from '@journeykit/core';
import { startFakeCourier, type FakeCourierServer } from '../src/index.js';
import { consoleAccess, isLoopbackHost } from '../src/console/access.js';
import { SIGNUP } from './support/journey-definitions.js';
import { call } from './support/undici.js';

describe('the access rule reads the host as configured', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['localhost', true],
    ['LOCALHOST', true],
    ['::1', true],
    ['[::1]', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.20', false],
    // Names that may resolve to loopback here, but are not loopback by their text: other machines resolve them too.
    ['vm', false],
    ['localhost.localdomain', false],
    ['my-laptop.local', false],
    ['127.0.0.1.nip.io', false],
  ])('%s is loopback: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
    expect(consoleAccess(host, undefined)?.kind).toBe(loopback ? 'open' : 'token');
  });

  it('is off with false, asks for a given token on any host, and says what a bad token option needs', () => {
    expect(consoleAccess('0.0.0.0', false)).toBeUndefined();
    expect(consoleAccess('127.0.0.1', { token: 'a-token-of-16-chars' })).toEqual({ kind: 'token', token: 'a-token-of-16-chars' });
    expect(() => consoleAccess('127.0.0.1', { token: 'short' })).toThrow(/console.token must be a string of 16 or more printable characters/);
    expect(() => consoleAccess('127.0.0.1', 'yes' as never)).toThrow(/console must be true, false or \{ token/);
    expect(() => consoleAccess('127.0.0.1', 'yes' as never)).toThrow(JourneysConfigurationError);
    expect(() => consoleAccess('127.0.0.1', { token: 'short' })).toThrow(JourneysConfigurationError);
    const a = consoleAccess('0.0.0.0', true);
    const b = consoleAccess('0.0.0.0', true);
    expect(a?.kind === 'token' && b?.kind === 'token' && a.token !== b.token && a.token.length >= 20).toBe(true);
  });
});

describe('the console on the fake server', () => {
  let server: FakeCourierServer;
  let client: JourneysClient;
  beforeEach(async () => {
    server = await startFakeCourier({ apiKey: 'console-secret-key' });
    client = new JourneysClient({ apiKey: 'console-secret-key', baseUrl: server.url, retryDelayMs: 1 });
  });
  afterEach(async () => {
    await client.close();
    await server.close();
  });

  const act = (path: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(`${server.url}/_console/api/${path}`, { method: 'POST', headers, body: JSON.stringify(body) }).then(async (res) => ({
      status: res.status,
      body: (await res.json()) as { message: string; run?: { status: string } },
    }));

  it('is at /_console/ on the same port, and its requests are not Courier requests', async () => {
    expect(server.consoleUrl).toBe(`${server.url}/_console/`);
    const page = await fetch(server.consoleUrl as string);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(server.requests).toEqual([]);
  });

  it('sets a status, cancels a run, injects a fault and clears everything, as JSON endpoints', async () => {
    const { runId } = await client.invoke('welcome', { user_id: 'ada' });
    expect(await act(`runs/${runId}/status`, { status: 'WAITING' })).toMatchObject({ status: 200, body: { run: { status: 'WAITING' } } });
    expect((await client.runs.get(runId)).status).toBe('WAITING');
    expect(await act(`runs/${runId}/cancel`, {})).toMatchObject({ status: 200, body: { run: { status: 'CANCELED' } } });
    expect((await client.runs.get(runId)).status).toBe('CANCELED');

    expect((await act('faults', { templateId: 'welcome', kind: 'status', status: 429, retryAfter: 0, times: 2 })).status).toBe(200);
    await client.invoke('welcome', { user_id: 'ada' });
    expect(server.requests.slice(-3).map((r) => r.status)).toEqual([429, 429, 200]);
    expect(server.requests.at(-3)?.fault).toBe('status');

    expect(await act('reset', {})).toMatchObject({ status: 200 });
    expect([server.invocations.length, server.requests.length]).toEqual([0, 0]);
  });

  it.each([
    ['no JSON content type', 'faults', {}, { 'content-type': 'text/plain' }, 415, /Content-Type: application\/json/],
    ['a status that is not a string', 'runs/x/status', { status: 7 }, undefined, 400, /Send \{ "status": "PROCESSED" \}/],
    ['an unknown run', 'runs/1-unknown/status', { status: 'PROCESSED' }, undefined, 404, /No run "1-unknown"/],
    ['an unknown fault kind', 'faults', { kind: 'explode' }, undefined, 400, /kind must be one of status, drop, stall/],
    ['a status out of range', 'faults', { status: 99 }, undefined, 400, /status must be a whole number from 200 to 599/],
    ['times of 0', 'faults', { times: 0 }, undefined, 400, /times must be a whole number of 1 or more/],
    ['an unknown action', 'explode', {}, undefined, 404, /No console action POST \/_console\/api\/explode/],
  ])('refuses %s with a message that says what to send', async (_, path, body, headers, status, message) => {
    const answer = await act(path, body, headers);
    expect(answer.status).toBe(status);
    expect(answer.body.message).toMatch(message);
  });

  it('never shows the API key or the Authorization header on any page', async () => {
    const { runId } = await client.invoke('welcome', { user_id: 'ada', data: { note: 'hello' } });
    for (const path of ['', 'requests', 'journeys', `runs/${runId}`]) {
      const html = await (await fetch(`${server.consoleUrl as string}${path}`)).text();
      expect(html).not.toContain('console-secret-key');
      expect(html).not.toMatch(/<th scope="row">authorization</i);
      // The journeys page has a curl snippet that names the variable, never a key.
      expect(html).not.toMatch(/Bearer (?!\$COURIER_API_KEY)/);
    }
  });

  it('answers only requests addressed to a loopback name when open (a DNS-rebinding page gets 403)', async () => {
    const res = await call(server.url, '/_console/', { headers: { host: 'attacker.example' } });
    expect(res.status).toBe(403);
  });
});

describe('a run page says what the trigger schema made of the run', () => {
  const open = { id: 'open', name: 'Open', nodes: [{ id: 'trigger-1', type: 'trigger', trigger_type: 'api-invoke' }] };

  it.each([
    [
      'data that fails: the reason, as the matchers word it',
      'signup',
      { plan: 'gold' },
      'ERROR',
      /Failed: data failed the trigger schema of journey &quot;signup&quot; \(v1\): data\.plan: must be one of &quot;free&quot;, &quot;pro&quot;/,
    ],
    [
      'data that passes',
      'signup',
      { plan: 'pro' },
      'PROCESSING',
      /Passed: <code>data<\/code> matched the trigger schema of <code>signup<\/code> \(v1\)/,
    ],
    ['a trigger without a schema', 'open', { anything: 1 }, 'PROCESSING', /Passed: the trigger of <code>open<\/code> \(v1\) has no schema/],
    ['a journey the fake has no definition for', 'welcome', {}, 'PROCESSING', /Not checked: this fake has no definition for <code>welcome<\/code>/],
  ])('%s', async (_, templateId, data, status, verdict) => {
    const server = await startFakeCourier({ apiKey: 'console-secret-key', journeyDefinitions: [SIGNUP, open] });
    const client = new JourneysClient({ apiKey: 'console-secret-key', baseUrl: server.url, retryDelayMs: 1 });
    try {
      const { runId } = await client.invoke(templateId, { user_id: 'ada', data });
      const html = await (await fetch(`${server.consoleUrl as string}runs/${runId}`)).text();
      expect(html).toMatch(verdict);
      expect(html).toContain(`id="run-status">${status}</span>`);
    } finally {
      await client.close();
      await server.close();
    }
  });
});

describe('console: false', () => {
  it('serves no console: /_console/ is a Courier 404', async () => {
    const server = await startFakeCourier({ console: false });
    try {
      expect(server.consoleUrl).toBeUndefined();
      const res = await call(server.url, '/_console/');
      expect(res.status).toBe(404);
      expect(server.requests.map((r) => r.path)).toEqual(['/_console/']);
    } finally {
      await server.close();
    }
  });
});
