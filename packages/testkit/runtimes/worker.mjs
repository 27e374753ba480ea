// scenario.mjs as a Cloudflare Worker: workerd has no command line to read, so the call comes as a request
// (`/?what=invoke&base=http://127.0.0.1:port`) and its outcome is the response body.
import { JourneysClient } from '@journeykit/core';

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const base = { apiKey: 'sk_test_runtimes', baseUrl: url.searchParams.get('base'), retryDelayMs: 1 };
    const calls = {
      invoke: () => new JourneysClient(base).invoke('welcome', { user_id: 'u1' }),
      invalid: () => new JourneysClient(base).invoke('welcome', { user_id: '' }),
      timeout: () => new JourneysClient({ ...base, timeoutMs: 200, maxRetries: 1 }).invoke('welcome', { user_id: 'u1' }),
    };
    let undiciRefused = false;
    try {
      new JourneysClient({ ...base, transport: 'undici' });
    } catch (error) {
      undiciRefused = error.name === 'JourneysConfigurationError';
    }
    const outcome = await calls[url.searchParams.get('what')]().then(
      (value) => ({ ok: true, runId: value.runId }),
      (error) => ({ ok: false, error: error.name, attempts: error.attempts, message: error.message }),
    );
    return Response.json({ ...outcome, undiciRefused });
  },
};
