// Setup file (vitest.config.ts): what `next start` does before it loads any route, here before any
// test file imports next/server. Next's request stores are AsyncLocalStorages made when their modules
// load, from the global that next/dist/server/node-environment sets (Next 16.4, pinned).
import { createRequire } from 'node:module';

createRequire(import.meta.url)('next/dist/server/node-environment.js');
