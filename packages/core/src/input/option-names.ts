import { JourneysConfigurationError } from '../errors/errors.js';

// Names people reach for from other SDKs (axios, got, Stripe, Courier's own SDK).
const ALIASES: Record<string, string> = {
  timeout: 'timeoutMs',
  retries: 'maxRetries',
  maxRetry: 'maxRetries',
  key: 'apiKey',
  authorizationToken: 'apiKey',
  token: 'apiKey',
  baseURL: 'baseUrl',
  url: 'baseUrl',
  environment: 'baseUrl',
  maxConnections: 'connections',
  agent: 'dispatcher',
};

/** Edit distance with transpositions counted once (optimal string alignment). */
function distance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

/** The known name a mistyped one most likely meant, if any is close enough. */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const alias = Object.hasOwn(ALIASES, name) ? ALIASES[name] : undefined;
  if (alias !== undefined && known.includes(alias)) return alias;
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    // "timout" is a typo of "timeoutMs" once the unit is set aside.
    const plain = candidate.toLowerCase();
    const d = Math.min(distance(lower, plain), distance(lower, plain.replace(/(ms|bytes)$/, '')));
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  // Short names need a close match; "ttl" is not a typo of "catalog".
  return bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}

/**
 * Refuses option names `owner` does not know. From JavaScript (or through a cast) a misspelt
 * option would otherwise be ignored in silence, so `{ timeout: 5000 }` would run with the 30 s
 * default. Like Stripe's SDK, this rejects at construction, where a typo is cheap to fix; a
 * warning would scroll by at start-up and the option would still be ignored. Names only, never
 * values: a value here may be the API key.
 */
export function rejectUnknownOptions(owner: string, options: object, known: readonly string[]): void {
  const unknown = Object.keys(options).filter((name) => !known.includes(name));
  if (unknown.length === 0) return;
  const described = unknown.map((name) => {
    const closest = closestName(name, known);
    return `"${name}"${closest !== undefined ? ` (did you mean ${closest}?)` : ''}`;
  });
  throw new JourneysConfigurationError(
    `${owner}: unknown option${unknown.length === 1 ? '' : 's'} ${described.join(', ')}; known options are ${known.join(', ')}`,
  );
}
