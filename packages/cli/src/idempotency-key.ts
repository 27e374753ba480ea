/**
 * The Idempotency-Key of a line: derived from what the line asks for, so that running the same
 * file again (after a crash, a Ctrl-C or a partial failure) sends the same key for the same line
 * and Courier replays the run instead of starting a second one.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { InvokeRequest } from '@journeykit/core';
import { GENERATED_KEY_PREFIX } from '@journeykit/core/internal';

/**
 * journeykit's prefix, as on every key journeykit makes up (a server log tells them from a user's),
 * then `line1-`: the derivation's version. Bumped only if the derivation changes: old keys then stop
 * matching, so it must not change lightly.
 */
const KEY_PREFIX = `${GENERATED_KEY_PREFIX}line1-`;

/**
 * `journeykit-line1-` + SHA-256 (hex) of the RFC 8785 canonical JSON of `[templateId, request]`: the same
 * journey and the same request give the same key whatever the key order or spacing of the line.
 * Two identical lines share a key, so they start one run.
 *
 * @example
 * ```ts
 * lineKey('welcome', { user_id: 'u1', data: { plan: 'pro' } }); // 'journeykit-line1-3f1c…' (81 characters)
 * ```
 */
export function lineKey(templateId: string, request: InvokeRequest): string {
  const canonical = canonicalize([templateId, request]);
  return (
    KEY_PREFIX +
    createHash('sha256')
      .update(canonical ?? '')
      .digest('hex')
  );
}
