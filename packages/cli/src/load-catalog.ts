/**
 * `invoke --catalog <module>`: imports a module that exports `journeys`, a `defineJourneys()` catalog
 * (the module `journeykit pull` writes, compiled), so every line is validated through it before it is sent.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isJourneyCatalog, type AnyJourneyCatalog } from '@journeykit/core/internal';
import { UsageError } from './usage-error.js';

/** Node versions that run a `.ts` module by stripping its types, without a flag. */
export const TYPE_STRIPPING_NODE = 'Node.js 22.18+, 23.6+ or 24+';

function stripsTypes(version: string = process.versions.node): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major >= 24 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18);
}

/**
 * The catalog `path` exports as `journeys`, checked to hold `templateId`; any problem is a {@link UsageError}.
 *
 * @example
 * ```ts
 * const catalog = await loadCatalog('dist/journeys.gen.js', 'welcome');
 * ```
 */
export async function loadCatalog(path: string, templateId: string): Promise<AnyJourneyCatalog> {
  if (/\.[mc]?ts$/.test(path) && !stripsTypes()) {
    throw new UsageError(
      `--catalog ${path}: Node.js ${process.versions.node} cannot import a .ts module; compile it to .js or .mjs (tsc), or use ${TYPE_STRIPPING_NODE}`,
    );
  }
  let exported: unknown;
  try {
    exported = ((await import(pathToFileURL(resolve(path)).href)) as { journeys?: unknown }).journeys;
  } catch (err) {
    throw new UsageError(`--catalog ${path}: cannot import it: ${(err as Error).message}`);
  }
  if (!isJourneyCatalog(exported)) {
    throw new UsageError(`--catalog ${path}: it does not export \`journeys\` made by defineJourneys() (as the module journeykit pull writes does)`);
  }
  // `has` narrows its argument, so the message is written before it is asked.
  const missing = `--catalog ${path}: journey "${templateId}" is not in it (it has ${exported.templateIds.map((k) => JSON.stringify(k)).join(', ')})`;
  if (!exported.has(templateId)) throw new UsageError(missing);
  return exported;
}
