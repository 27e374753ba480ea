// Runs in Bun, Deno (or workerd, later): one journeykit call against the fake server, its outcome printed
// as one JSON line for runtimes.mjs to check. Plain JavaScript, so each runtime runs the same file.
import { JourneysClient } from '@journeykit/core';

const [what, baseUrl] = (globalThis.Deno?.args ?? process.argv.slice(2)).slice(-2);
const base = { apiKey: 'sk_test_runtimes', baseUrl, retryDelayMs: 1 };

function undiciRefused() {
  try {
    new JourneysClient({ ...base, transport: 'undici' });
    return false;
  } catch (error) {
    return error.name === 'JourneysConfigurationError';
  }
}

const calls = {
  invoke: () => new JourneysClient(base).invoke('welcome', { user_id: 'u1' }),
  invalid: () => new JourneysClient(base).invoke('welcome', { user_id: '' }),
  timeout: () => new JourneysClient({ ...base, timeoutMs: 200, maxRetries: 1 }).invoke('welcome', { user_id: 'u1' }),
};

const outcome = await calls[what]().then(
  (value) => ({ ok: true, runId: value.runId }),
  (error) => ({ ok: false, error: error.name, attempts: error.attempts, message: error.message }),
);
console.log(JSON.stringify({ ...outcome, undiciRefused: undiciRefused() }));
