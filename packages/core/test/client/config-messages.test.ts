import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JourneysClient, JourneysConfigurationError, type InvokeRequest } from '../../src/index.js';
import { prepareInvocation, resolveInvoker } from '../../src/internal.js';

afterEach(() => vi.unstubAllEnvs());

const KEY = 'sk_live_3f9a7c1e5b2d4f6a8c0e1b3d5f7a9c2e';

function configError(run: () => unknown): JourneysConfigurationError {
  let error: unknown;
  try {
    run();
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(JourneysConfigurationError);
  return error as JourneysConfigurationError;
}

describe('configuration errors never echo an option value that may be the key', () => {
  it.each<[string, () => unknown]>([
    ['baseUrl: KEY', () => new JourneysClient({ apiKey: KEY, baseUrl: KEY })],
    ['timeoutMs: KEY', () => new JourneysClient({ apiKey: KEY, timeoutMs: KEY as unknown as number })],
    ['maxRetries: KEY', () => new JourneysClient({ apiKey: KEY, maxRetries: KEY as unknown as number })],
    ['connections: KEY', () => new JourneysClient({ apiKey: KEY, connections: KEY as unknown as number })],
    ['retryDelayMs: KEY', () => new JourneysClient({ apiKey: KEY, retryDelayMs: KEY as unknown as number })],
    ['allowInsecureHttp: KEY', () => new JourneysClient({ apiKey: KEY, allowInsecureHttp: KEY as unknown as boolean })],
    ['transport: KEY', () => new JourneysClient({ apiKey: KEY, transport: KEY as unknown as 'fetch' })],
    ['baseUrl: a URL-like key', () => new JourneysClient({ apiKey: KEY, baseUrl: `sk:${KEY}` })],
    [
      'COURIER_BASE_URL=KEY',
      () => {
        vi.stubEnv('COURIER_BASE_URL', KEY);
        return new JourneysClient({ apiKey: KEY });
      },
    ],
  ])('%s', (_name, run) => {
    const error = configError(run);
    const shown = `${error.message}\n${inspect(error, { depth: 5 })}\n${JSON.stringify(error)}\n${error.stack}`;
    expect(shown).not.toContain(KEY);
    expect(shown).not.toContain(KEY.slice(0, 12));
  });

  it('names where a bad URL came from, and what it was, without its value', () => {
    vi.stubEnv('COURIER_BASE_URL', KEY);
    expect(configError(() => new JourneysClient({ apiKey: KEY })).message).toMatch(
      /^COURIER_BASE_URL is not a valid URL \(got a string \(40 characters\)\)/,
    );
  });
});

describe('API keys an HTTP header cannot carry are refused at construction', () => {
  it.each([
    ['a euro sign', 'sk_live_abc€def', /character that an HTTP header cannot carry \(position 11, U\+20AC\)/],
    ['a line separator (U+2028)', 'sk_live_abc\u2028', /position 11, U\+2028/],
    ['a "Bearer " prefix', `Bearer ${KEY}`, /starts with "Bearer "; pass the key alone/],
    ['a lower-case "bearer " prefix', `bearer ${KEY}`, /starts with "Bearer "/],
    ['surrounding spaces', ` ${KEY} `, /spaces around it/],
    ['a number', 12345, /apiKey must be a string, got a number/],
  ])('%s', (_name, apiKey, message) => {
    const error = configError(() => new JourneysClient({ apiKey: apiKey as string, baseUrl: 'http://127.0.0.1:9' }));
    expect(error.message).toMatch(message);
    if (typeof apiKey === 'string') expect(error.message).not.toContain(apiKey.trim().slice(0, 10));
  });

  it('says which source held the bad key', () => {
    vi.stubEnv('COURIER_API_KEY', 'sk_live_€');
    expect(configError(() => new JourneysClient()).message).toMatch(/\(COURIER_API_KEY\)/);
  });

  it('still accepts Latin-1 keys', () => {
    expect(() => new JourneysClient({ apiKey: 'sk_test_ÿé', baseUrl: 'http://127.0.0.1:9' })).not.toThrow();
  });
});

describe('sharper configuration messages', () => {
  it.each([
    ['localhost:4010', 'baseUrl "localhost:4010" has no scheme; write http://localhost:4010'],
    ['127.0.0.1:4010/v1', 'baseUrl "127.0.0.1:4010/v1" has no scheme; write http://127.0.0.1:4010/v1'],
    ['api.courier.com:443', 'baseUrl "api.courier.com:443" has no scheme; write https://api.courier.com:443'],
  ])('a base URL without a scheme (%s) says so and suggests one', (baseUrl, message) => {
    expect(configError(() => new JourneysClient({ apiKey: 'k', baseUrl })).message).toBe(message);
  });

  it('timeoutMs: "5000" says it got a string, as values read from the environment are', () => {
    const { message } = configError(() => new JourneysClient({ apiKey: 'k', timeoutMs: '5000' as unknown as number }));
    expect(message).toMatch(
      /^timeoutMs must be a positive number up to 2147483647, got a string \(4 characters\); values read from the environment are strings/,
    );
  });

  it('a bad number is shown as the number it is', () => {
    expect(configError(() => new JourneysClient({ apiKey: 'k', maxRetries: -1 })).message).toBe('maxRetries must be a whole number >= 0, got -1');
  });

  it.each([
    [{ timeout: 5000 }, /unknown option "timeout" \(did you mean timeoutMs\?\)/],
    [{ retries: 3 }, /unknown option "retries" \(did you mean maxRetries\?\)/],
    [{ baseURL: 'https://api.courier.com' }, /unknown option "baseURL" \(did you mean baseUrl\?\)/],
    [{ maxRetires: 3 }, /unknown option "maxRetires" \(did you mean maxRetries\?\)/],
    // The same idea in another unit: journeykit counts durations in ms everywhere.
    [{ timeoutSeconds: 5 }, /unknown option "timeoutSeconds" \(did you mean timeoutMs\?\)/],
    [{ queueTimeoutSecs: 5 }, /unknown option "queueTimeoutSecs" \(did you mean queueTimeoutMs\?\)/],
    [{ frobnicate: true }, /unknown option "frobnicate"; known options are apiKey, baseUrl/],
  ])('unknown option %j is refused, naming the closest known one', (extra, message) => {
    const error = configError(() => new JourneysClient({ apiKey: 'k', ...(extra as object) }));
    expect(error.message).toMatch(message);
  });

  it('an unknown option given to an adapter is refused with the adapter named', () => {
    expect(configError(() => resolveInvoker('JourneysModule', { apiKey: 'k', timout: 5 })).message).toMatch(
      /^JourneysModule: unknown option "timout" \(did you mean timeoutMs\?\)/,
    );
  });

  it('plain http:// to a non-loopback host is refused by default, and the message names the opt-in', () => {
    const { message } = configError(() => new JourneysClient({ apiKey: 'k', baseUrl: 'http://fake-courier:4010' }));
    expect(message).toMatch(/plain http:\/\/ to a non-loopback host/);
    expect(message).toMatch(/allowInsecureHttp: true/);
  });

  it('allowInsecureHttp: true lets plain http:// reach a non-loopback host', () => {
    const client = new JourneysClient({ apiKey: 'k', baseUrl: 'http://fake-courier:4010', allowInsecureHttp: true });
    expect(client.baseUrl).toBe('http://fake-courier:4010');
  });

  it('allowInsecureHttp does not relax the other URL rules', () => {
    expect(configError(() => new JourneysClient({ apiKey: 'k', baseUrl: 'http://u:p@fake-courier:4010', allowInsecureHttp: true })).message).toMatch(
      /must not contain credentials/,
    );
  });
});

describe('sharper validation messages', () => {
  function issues(request: unknown, options?: object): string[] {
    try {
      prepareInvocation('welcome', request as InvokeRequest, options);
    } catch (err) {
      return (err as { issues: { path: (string | number)[]; message: string }[] }).issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    }
    return [];
  }
  class Order {
    id = 1;
  }

  it('idempotencyKey: 123 says it got a number', () => {
    expect(issues({ user_id: 'u1' }, { idempotencyKey: 123 })).toEqual([
      'options.idempotencyKey: must be a string of 1-255 printable ASCII characters, got a number',
    ]);
  });

  it('profile.email: 5 points at profile.email instead of "no user to send to"', () => {
    expect(issues({ profile: { email: 5 } })).toEqual(['profile.email: must be a non-empty string to say who the journey is for, got a number']);
  });

  it('a class instance reads "an Order", with the right article', () => {
    expect(issues({ user_id: 'u1', data: new Order() })).toEqual(['data: must be a plain object, got an Order']);
    expect(issues({ user_id: 'u1', data: { o: new Order() } })[0]).toMatch(/^data\.o: an Order would be sent/);
  });
});
