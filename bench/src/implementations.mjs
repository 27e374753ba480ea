/**
 * The three ways to invoke a journey that are compared. Each is loaded only in the child that
 * measures it (dynamic import), so no process pays for, or is sped up by, another's modules.
 * Every implementation does what a user's code would: serialise the request, POST it with the
 * bearer token over keep-alive connections, parse the JSON answer and check it holds a runId.
 */
import { pathToFileURL } from 'node:url';

/**
 * @typedef {{ user_id: string, data: Record<string, unknown> }} BenchRequest
 * @typedef {{ invoke(templateId: string, request: BenchRequest): Promise<string>, close(): Promise<void> }} Invoker
 * @typedef {(server: { url: string, apiKey: string }) => Promise<Invoker>} InvokerFactory
 */

/**
 * A JourneysClient as an {@link Invoker}.
 * @param {{ invoke(templateId: string, request: any): Promise<{ runId: string }>, close(): Promise<void> }} client
 * @returns {Invoker}
 */
const clientInvoker = (client) => ({
  invoke: async (templateId, request) => (await client.invoke(templateId, request)).runId,
  close: () => client.close(),
});

/**
 * A JourneysClient from another checkout's built core (JOURNEYKIT_BENCH_BASE_CORE): its Node build,
 * or on Bun the build its `bun` condition loads.
 * @param {string} id @param {{ url: string, apiKey: string }} server @param {Record<string, unknown>} options
 * @returns {Promise<Invoker>}
 */
async function baseCheckoutInvoker(id, { url, apiKey }, options) {
  const dir = process.env.JOURNEYKIT_BENCH_BASE_CORE;
  if (!dir) throw new Error(`${id} needs JOURNEYKIT_BENCH_BASE_CORE (a checkout's packages/core, built)`);
  const build = typeof (/** @type {any} */ (globalThis).Bun) === 'undefined' ? 'dist/index.js' : 'dist/fetch/index.js';
  const { JourneysClient } = await import(pathToFileURL(`${dir}/${build}`).href);
  return clientInvoker(new JourneysClient({ apiKey, baseUrl: url, ...options }));
}

/** @type {Record<string, { label: string, module: string, create: InvokerFactory }>} */
export const IMPLEMENTATIONS = {
  core: {
    label: 'JourneysClient (@journeykit/core)',
    module: '@journeykit/core',
    async create({ url, apiKey }) {
      const { JourneysClient } = await import('@journeykit/core');
      const client = new JourneysClient({ apiKey, baseUrl: url });
      return clientInvoker(client);
    },
  },
  'core-base': {
    label: 'JourneysClient from JOURNEYKIT_BENCH_BASE_CORE',
    module: '@journeykit/core',
    // Another checkout's built core (e.g. main before a change), for a before/after run side by side:
    // JOURNEYKIT_BENCH_BASE_CORE=/path/to/checkout/packages/core pnpm bench -- --sections=matrix --only=core,core-base,undici
    create: (server) => baseCheckoutInvoker('core-base', server, {}),
  },
  'core-pulled': {
    label: 'JourneysClient + pulled catalog (Ajv)',
    module: '@journeykit/core',
    async create({ url, apiKey }) {
      const [{ JourneysClient }, { journeys }] = await Promise.all([
        import('@journeykit/core'),
        import('./pulled-catalog.mjs').then((m) => m.loadPulledCatalog()),
      ]);
      const client = new JourneysClient({ apiKey, baseUrl: url, catalog: journeys });
      return clientInvoker(client);
    },
  },
  courier: {
    label: '@trycourier/courier 7.10.2',
    module: '@trycourier/courier',
    async create({ url, apiKey }) {
      const { default: Courier } = await import('@trycourier/courier');
      const client = new Courier({ apiKey, baseURL: url });
      return {
        invoke: async (templateId, request) => {
          const { runId } = await client.journeys.invoke(templateId, request);
          if (typeof runId !== 'string') throw new Error('no runId in the answer');
          return runId;
        },
        // The SDK has no close(): its sockets belong to Node's global fetch dispatcher.
        close: async () => {},
      };
    },
  },
  undici: {
    label: 'raw undici Pool.request (ceiling)',
    module: 'undici',
    async create({ url, apiKey }) {
      const { Pool } = await import('undici');
      const pool = new Pool(url);
      const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
      return {
        invoke: async (templateId, request) => {
          const { statusCode, body } = await pool.request({
            path: `/journeys/${encodeURIComponent(templateId)}/invoke`,
            method: 'POST',
            headers,
            body: JSON.stringify(request),
          });
          const answer = /** @type {{ runId?: unknown }} */ (await body.json());
          if (statusCode !== 200 || typeof answer.runId !== 'string') throw new Error(`unexpected answer ${statusCode}`);
          return answer.runId;
        },
        close: () => pool.close(),
      };
    },
  },
};

/**
 * The fetch transport's rows (issue 29): JourneysClient with `transport: 'fetch'` against the
 * runtime's own `fetch` doing the same POST by hand. They run on Node and, through the `bun`
 * export condition, on Bun (`pnpm bench` runs interleaved.mjs with the bun binary).
 * @type {Record<string, { label: string, module: string, create: InvokerFactory }>}
 */
const FETCH_IMPLEMENTATIONS = {
  'core-fetch': {
    label: "JourneysClient, transport: 'fetch'",
    module: '@journeykit/core',
    async create({ url, apiKey }) {
      const { JourneysClient } = await import('@journeykit/core');
      const client = new JourneysClient({ apiKey, baseUrl: url, transport: 'fetch' });
      return clientInvoker(client);
    },
  },
  'core-fetch-base': {
    label: "JourneysClient from JOURNEYKIT_BENCH_BASE_CORE, transport: 'fetch'",
    module: '@journeykit/core',
    // core-base's counterpart for the fetch rows; on Bun it loads the checkout's `bun` build (dist/fetch).
    create: (server) => baseCheckoutInvoker('core-fetch-base', server, { transport: 'fetch' }),
  },
  fetch: {
    label: 'fetch by hand (the same POST)',
    module: 'fetch',
    async create({ url, apiKey }) {
      // The same request JourneysClient sends: JSON body, bearer token, a fresh idempotency key, accept and user-agent.
      return {
        invoke: async (templateId, request) => {
          const res = await fetch(`${url}/journeys/${encodeURIComponent(templateId)}/invoke`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${apiKey}`,
              accept: 'application/json',
              'content-type': 'application/json',
              'idempotency-key': crypto.randomUUID(),
              'user-agent': 'bench-fetch',
            },
            body: JSON.stringify(request),
          });
          const answer = /** @type {{ runId?: unknown }} */ (await res.json());
          if (res.status !== 200 || typeof answer.runId !== 'string') throw new Error(`unexpected answer ${res.status}`);
          return answer.runId;
        },
        close: async () => {},
      };
    },
  },
};
Object.assign(IMPLEMENTATIONS, FETCH_IMPLEMENTATIONS);

/**
 * JourneysClient with `journeysTelemetry()` from `@journeykit/opentelemetry`, for the telemetry
 * overhead (`pnpm bench:telemetry`): with no OpenTelemetry SDK registered (the API's no-ops), and
 * with a real SDK (tracer and meter providers, batch span processor, periodic metric reader) whose
 * exporters drop everything, so what is measured is the cost of recording, not of a network.
 * @type {Record<string, { label: string, module: string, create: InvokerFactory }>}
 */
const TELEMETRY_IMPLEMENTATIONS = {
  'core-otel-api': {
    label: 'JourneysClient, telemetry on, no SDK registered',
    module: '@journeykit/opentelemetry',
    create: (server) => telemetryVariant(server, { sdk: false, telemetry: true }),
  },
  'core-sdk': {
    label: 'JourneysClient, telemetry off, SDK registered',
    module: '@journeykit/core',
    create: (server) => telemetryVariant(server, { sdk: true, telemetry: false }),
  },
  'core-otel-sdk': {
    label: 'JourneysClient, telemetry on, SDK with no-op exporters',
    module: '@journeykit/opentelemetry',
    create: (server) => telemetryVariant(server, { sdk: true, telemetry: true }),
  },
  'core-sdk-floor': {
    label: 'JourneysClient, telemetry off, the app making a span and a duration record per call (the floor)',
    module: '@journeykit/core',
    create: (server) => telemetryVariant(server, { sdk: true, telemetry: false, appSpan: true }),
  },
};

/**
 * A JourneysClient with or without `journeysTelemetry()`, in a process with or without the no-op SDK
 * (started first, as an app starts its SDK before anything else).
 * @param {{ url: string, apiKey: string }} server
 * With `appSpan`, the app makes the span and the duration record itself (the floor of telemetry-interleaved.mjs).
 * @param {{ sdk: boolean, telemetry: boolean, appSpan?: boolean }} variant
 * @returns {Promise<Invoker>}
 */
async function telemetryVariant({ url, apiKey }, variant) {
  const sdk = variant.sdk ? await (await import('./noop-sdk.mjs')).startNoopSdk() : undefined;
  const { JourneysClient } = await import('@journeykit/core');
  const telemetry = variant.telemetry ? (await import('@journeykit/opentelemetry')).journeysTelemetry() : undefined;
  const client = new JourneysClient({ apiKey, baseUrl: url, telemetry });
  if (variant.appSpan) {
    const { appSpanAndHistogram } = await import('./telemetry-floor.mjs');
    const traced = await appSpanAndHistogram((/** @type {string} */ templateId, /** @type {BenchRequest} */ request) =>
      client.invoke(templateId, request),
    );
    return {
      invoke: async (templateId, request) => (await traced(templateId, request)).runId,
      close: async () => {
        await client.close();
        await sdk?.shutdown();
      },
    };
  }
  return {
    invoke: async (templateId, request) => (await client.invoke(templateId, request)).runId,
    close: async () => {
      await client.close();
      await sdk?.shutdown();
    },
  };
}
Object.assign(IMPLEMENTATIONS, TELEMETRY_IMPLEMENTATIONS);

/** The implementations `pnpm bench` compares by default, in the order they run within a round (rotated each round, see run.mjs). */
export const DEFAULT_IMPLEMENTATION_IDS = ['core', 'core-pulled', 'courier', 'undici'];
/** Every implementation `--only` accepts. */
export const IMPLEMENTATION_IDS = /** @type {(keyof typeof IMPLEMENTATIONS)[]} */ (Object.keys(IMPLEMENTATIONS));
