/**
 * What `journeykit pull` read from Courier, in the form the generated module carries it (a JSON
 * block `check` reads back): the journeys it typed, the ones it left out and why, and the aliases.
 */

/** One journey typed in the catalog. */
export interface PulledJourney {
  /** The catalog key: the template ID, or the alias given for it. */
  key: string;
  /** The template ID. */
  id: string;
  /** The journey's name, for its TSDoc. */
  name: string;
  /** The `api-invoke` trigger's JSON Schema, keys sorted; null when the trigger has none (any object). */
  schema: Record<string, unknown> | null;
}

/** A published journey not in the catalog, and why. */
export interface LeftOutJourney {
  id: string;
  name: string;
  /** E.g. `its trigger is segment, not api-invoke`. */
  reason: string;
}

/** Everything the generated module is made from. */
export interface PullManifest {
  /** The manifest's format, for later versions of journeykit. */
  format: 1;
  /** The module's path as given to `pull`: the header's regenerate command names it. */
  file: string;
  /** `--alias key=templateId`, sorted by key. */
  aliases: Record<string, string>;
  /** Sorted by key. */
  journeys: PulledJourney[];
  /** Sorted by id. */
  leftOut: LeftOutJourney[];
}

/** A copy of `value` with every object's keys sorted, so the same schema always prints the same. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

export const MANIFEST_START = '// journeykit:manifest (read by `journeykit check`; do not edit)';
export const MANIFEST_END = '// journeykit:manifest-end';

/**
 * The manifest a generated module carries, or a message saying why there is none.
 *
 * @example
 * ```ts
 * const found = readManifest(readFileSync('src/journeys.gen.ts', 'utf8'));
 * if ('manifest' in found) console.log(found.manifest.journeys.length);
 * ```
 */
export function readManifest(text: string): { manifest: PullManifest } | { problem: string } {
  const start = text.indexOf(MANIFEST_START);
  const end = text.indexOf(MANIFEST_END);
  if (start < 0 || end < start) return { problem: 'it has no journeykit manifest: was it made by `journeykit pull`?' };
  const block = text.slice(start + MANIFEST_START.length, end).trim();
  const json = block.replace(/^const MANIFEST = /, '').replace(/;$/, '');
  try {
    const manifest = JSON.parse(json) as PullManifest;
    if (manifest.format !== 1 || !Array.isArray(manifest.journeys)) return { problem: 'its manifest is of a format this journeykit does not read' };
    return { manifest };
  } catch (err) {
    return { problem: `its manifest is not valid JSON (${(err as Error).message}); regenerate it with journeykit pull` };
  }
}
