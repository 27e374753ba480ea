import { afterEach, describe, expect, it, vi } from 'vitest';
import { JourneysClient, JourneysConfigurationError, type JourneysClientOptions } from '../../src/index.js';
import { isLoopbackHost } from '../../src/internal.js';

afterEach(() => vi.unstubAllEnvs());

describe('configuration', () => {
  const bad: [string, JourneysClientOptions, RegExp][] = [
    ['no key', { apiKey: undefined }, /No Courier API key/],
    ['empty key', { apiKey: '' }, /No Courier API key/],
    ['blank key', { apiKey: '   ' }, /No Courier API key/],
    ['key with a newline', { apiKey: 'sk\n' }, /control characters/],
    // A C1 control (U+0085, NEL) is as invisible in a log or terminal as a newline: refused the same way.
    ['key with a C1 control', { apiKey: 'sk_live\u0085' }, /control characters \(first at position 7\)/],
    ['not a URL', { apiKey: 'k', baseUrl: 'not a url' }, /not a valid URL/],
    ['ftp', { apiKey: 'k', baseUrl: 'ftp://example.com' }, /must use https/],
    ['plain http to a remote host', { apiKey: 'k', baseUrl: 'http://api.courier.com' }, /non-loopback host/],
    ['plain http to a private address', { apiKey: 'k', baseUrl: 'http://10.0.0.5:8080' }, /non-loopback host/],
    ['http to 127.0.0.1.evil.com', { apiKey: 'k', baseUrl: 'http://127.0.0.1.evil.com' }, /non-loopback host/],
    ['credentials in URL', { apiKey: 'k', baseUrl: 'https://user:pw@api.courier.com' }, /credentials/],
    ['query in URL', { apiKey: 'k', baseUrl: 'https://api.courier.com/?x=1' }, /query string/],
    ['timeout zero', { apiKey: 'k', timeoutMs: 0 }, /timeoutMs must be a positive number/],
    ['negative retries', { apiKey: 'k', maxRetries: -1 }, /maxRetries must be a whole number/],
    ['fractional connections', { apiKey: 'k', connections: 1.5 }, /connections must be a positive whole number/],
  ];
  it.each(bad)('refuses %s with a JourneysConfigurationError', (_name, options, message) => {
    vi.stubEnv('COURIER_API_KEY', '');
    let error: unknown;
    try {
      new JourneysClient(options);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(JourneysConfigurationError);
    expect((error as JourneysConfigurationError).code).toBe('ERR_JOURNEYS_CONFIG');
    expect((error as Error).message).toMatch(message);
  });

  it.each([
    'http://localhost:3000',
    'http://127.0.0.1:1',
    'http://127.255.0.9',
    'http://[::1]:8080',
    'https://api.courier.com',
    'https://eu.api.courier.com/v1',
  ])('accepts %s', (baseUrl) => {
    expect(new JourneysClient({ apiKey: 'k', baseUrl }).baseUrl).toBe(baseUrl.replace(/\/$/, ''));
  });

  it('reads COURIER_API_KEY and COURIER_BASE_URL from the environment', () => {
    vi.stubEnv('COURIER_API_KEY', 'sk_env');
    vi.stubEnv('COURIER_BASE_URL', 'http://127.0.0.1:9999');
    expect(new JourneysClient().baseUrl).toBe('http://127.0.0.1:9999');
  });

  it('defaults to Courier production', () => {
    vi.stubEnv('COURIER_BASE_URL', '');
    expect(new JourneysClient({ apiKey: 'k' }).baseUrl).toBe('https://api.courier.com');
  });

  it.each([
    ['localhost', true],
    ['LOCALHOST', true],
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['[::1]', true],
    ['127.0.0.256', false],
    ['128.0.0.1', false],
    ['localhost.example.com', false],
    ['0.0.0.0', false],
  ])('isLoopbackHost(%s) is %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
