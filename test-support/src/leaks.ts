/**
 * Looks for secrets in text the way someone reading a log or a trace could find them: as they are,
 * percent-encoded (any case), or base64-encoded (standard or url-safe, padded or not) at any byte
 * offset, which also finds a key inside `base64("Bearer <key>")` or Basic credentials
 * `base64("user:<key>")`. Written independently of core's redactor, so it can judge it.
 */

/** A run of characters that base64 (standard or url-safe) uses. */
const BASE64_RUN = /[A-Za-z0-9+/_-]{8,}/g;

/** Decodes every `%XX` it finds, leaving the rest as it is; never throws on a broken sequence. */
function percentDecoded(text: string): string {
  if (!text.includes('%')) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i] as string, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Does `text` hold `secret` in any form above? Returns the forms it was found in (empty when none). */
export function leaksOf(text: string, secret: string): string[] {
  const found: string[] = [];
  if (text.includes(secret)) found.push('as is');
  else if (percentDecoded(text).includes(secret)) found.push('percent-encoded');
  const wanted = Buffer.from(secret, 'utf8');
  for (const [run] of text.matchAll(BASE64_RUN)) {
    // Node's base64 decoder reads both alphabets; each of the 4 offsets aligns a different byte boundary.
    for (let offset = 0; offset < 4; offset++) {
      if (Buffer.from(run.slice(offset), 'base64').includes(wanted)) {
        found.push(`base64 in "${run.slice(0, 16)}..."`);
        break;
      }
    }
  }
  return found;
}

/** Every secret found in `text`, with where: `['sk_live_... (base64 in "QmVhcmVy...")']`. Empty when none. */
export function leakedSecrets(text: string, secrets: readonly string[]): string[] {
  return secrets.flatMap((secret) => leaksOf(text, secret).map((form) => `${secret} (${form})`));
}
