import { inspect } from 'node:util';
import { JourneysClient, JourneysConfigurationError, type JourneysInvoker } from '@journeykit/core';
import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JourneysModule, JourneysService, type JourneysModuleOptions } from '../src/index.js';

const KEY = 'sk_live_do_not_leak_7f3a';
const stubInvoker: JourneysInvoker = { invoke: async () => ({ runId: 'run-stub' }) };

describe('module options', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  const rejected: Array<[string, unknown, RegExp]> = [
    ['no key at all', {}, /No Courier API key/],
    ['an empty key', { apiKey: '' }, /No Courier API key/],
    ['plain http to a remote host', { apiKey: KEY, baseUrl: 'http://api.courier.com' }, /http/i],
    ['a negative timeout', { apiKey: KEY, timeoutMs: -1 }, /timeoutMs/],
    ['a client without invoke()', { client: { send: () => undefined } }, /JourneysModule: client must implement invoke/],
    ['a client and client options', { client: stubInvoker, apiKey: KEY, timeoutMs: 10 }, /client options \(apiKey, timeoutMs\)/],
    ['options that are not an object', 'sk_test_as_a_string', /must be an object/],
    ['options that are an array', [{ apiKey: KEY }], /must be an object/],
    ['a misspelt option (timeout)', { apiKey: KEY, timeout: 5000 }, /^JourneysModule: unknown option "timeout" \(did you mean timeoutMs\?\)/],
    ['a misspelt option (retries)', { apiKey: KEY, retries: 3 }, /^JourneysModule: unknown option "retries" \(did you mean maxRetries\?\)/],
    ['the key in the base URL option', { apiKey: KEY, baseUrl: KEY }, /^baseUrl is not a valid URL \(got a string/],
  ];

  it.each(rejected)('refuses %s at bootstrap with a JourneysConfigurationError', async (_name, options, message) => {
    vi.stubEnv('COURIER_API_KEY', '');
    const compile = Test.createTestingModule({
      imports: [JourneysModule.forRootAsync({ useFactory: () => options as JourneysModuleOptions })],
    }).compile();
    const error = await compile.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(JourneysConfigurationError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(KEY);
  });

  it('delegates to a given client, passing every argument through', async () => {
    const calls: unknown[][] = [];
    const client: JourneysInvoker = {
      invoke: async (...args) => {
        calls.push(args);
        return { runId: 'run-given' };
      },
    };
    const moduleRef = await Test.createTestingModule({ imports: [JourneysModule.forRoot({ client })] }).compile();
    const service = moduleRef.get(JourneysService);
    const signal = new AbortController().signal;
    await expect(service.invoke('welcome', { user_id: 'u1' }, { idempotencyKey: 'k-1', signal })).resolves.toEqual({
      runId: 'run-given',
    });
    expect(calls).toEqual([['welcome', { user_id: 'u1' }, { idempotencyKey: 'k-1', signal }]]);
    await moduleRef.close();
  });

  it.each([
    ['owned client', { apiKey: KEY }],
    ['given client', { client: new JourneysClient({ apiKey: KEY }) }],
  ])('never shows the API key in util.inspect or JSON (%s)', async (_name, options) => {
    const moduleRef = await Test.createTestingModule({ imports: [JourneysModule.forRoot(options)] }).compile();
    const service = moduleRef.get(JourneysService);
    for (const text of [
      inspect(service, { depth: Infinity, showHidden: true }),
      inspect(service, { depth: Infinity, customInspect: false, showHidden: true }),
      JSON.stringify(service),
      String(service),
    ]) {
      expect(text).not.toContain(KEY);
    }
    expect(inspect(service)).toMatch(/JourneysService/);
    await moduleRef.close();
  });
});
