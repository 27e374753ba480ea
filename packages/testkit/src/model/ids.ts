/**
 * Courier-shaped run ids (`1-65f240a0-47a6a120c8374de9bcf9f22c`: a version, the creation time in
 * hex seconds, 96 random bits) and idempotency keys, shared by both fakes. Seeded, every id is
 * reproducible, so snapshot tests and demo transcripts stay stable from run to run.
 */
import { randomBytes } from 'node:crypto';
import { JourneysConfigurationError } from '@journeykit/core';
import { GENERATED_KEY_PREFIX, generateIdempotencyKey } from '@journeykit/core/internal';

/** What a Courier run id looks like. Handy in tests: `expect(runId).toMatch(RUN_ID_PATTERN)`. */
export const RUN_ID_PATTERN = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;

// Seeded ids carry this fixed time (the one in Courier's own example) so they never depend on the clock.
const SEEDED_EPOCH_SECONDS = 0x65f240a0;

/** Makes the ids of one fake. Without a seed it uses the clock and crypto randomness. */
export interface IdSource {
  runId(): string;
  idempotencyKey(): string;
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

/** mulberry32: tiny, fast and good enough to spread test ids; not for secrets. */
export function seededWords(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Checks a `seed` option: any safe integer. */
export function assertSeed(seed: unknown): asserts seed is number | undefined {
  if (seed !== undefined && !Number.isSafeInteger(seed)) {
    throw new JourneysConfigurationError(`seed must be a whole number, got ${String(seed)}`);
  }
}

/** Creates the id source of one fake; `seed` makes its sequence of ids reproducible. */
export function createIdSource(seed?: number): IdSource {
  assertSeed(seed);
  if (seed === undefined) {
    return {
      runId: () => `1-${hex8(Math.floor(Date.now() / 1000))}-${randomBytes(12).toString('hex')}`,
      idempotencyKey: generateIdempotencyKey,
    };
  }
  const next = seededWords(seed);
  return {
    runId: () => `1-${hex8(SEEDED_EPOCH_SECONDS)}-${hex8(next())}${hex8(next())}${hex8(next())}`,
    idempotencyKey: () => {
      // `journeykit-` and a UUID v4 layout (version nibble 4, variant 10xx): what JourneysClient sends.
      const h = hex8(next()) + hex8((next() & 0xffff0fff) | 0x4000) + hex8((next() & 0x3fffffff) | 0x80000000) + hex8(next());
      return `${GENERATED_KEY_PREFIX}${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
  };
}
