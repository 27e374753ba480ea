/**
 * The set-up the command's tests share: one fake Courier server per test file (real HTTP on
 * 127.0.0.1), reset after every test, and a scratch folder for input and output files.
 */
import { startFakeCourier, type FakeCourierServer } from '@journeykit/testkit';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { scratch, type CliOptions } from './run-cli.js';

export interface FakeCourierForCli {
  /** The file's server, usable inside tests (it starts in beforeAll). */
  server: FakeCourierServer;
  files: ReturnType<typeof scratch>;
  /** COURIER_BASE_URL and COURIER_API_KEY for the server, and `extra` over them. */
  options(extra?: CliOptions): CliOptions;
}

export function useFakeCourier(apiKey: string): FakeCourierForCli {
  let started: FakeCourierServer | undefined;
  const live = (): FakeCourierServer => {
    if (started === undefined) throw new Error('useFakeCourier: the server starts in beforeAll; use it inside a test');
    return started;
  };
  const files = scratch();
  beforeAll(async () => {
    started = await startFakeCourier({ apiKey });
  });
  afterEach(() => started?.reset());
  afterAll(async () => {
    await started?.close();
    files.cleanup();
  });
  // Reads go to the live server; its methods keep it as `this`.
  const server = new Proxy({} as FakeCourierServer, {
    get(_target, property) {
      const target = live();
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { server, files, options: (extra = {}) => ({ baseUrl: live().url, apiKey, ...extra }) };
}
