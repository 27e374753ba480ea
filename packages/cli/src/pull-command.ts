/**
 * `journeykit pull <file>`: reads Courier's published journeys and writes the typed catalog module;
 * `journeykit check <file>`: pulls again and compares, for CI. Both read COURIER_API_KEY and
 * COURIER_BASE_URL like `invoke`, and return the exit code.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { JourneysClient, JourneysConfigurationError, isJourneysError } from '@journeykit/core';
import { checkPlainHttp } from './insecure-http.js';
import { renderCatalogModule, regenerateCommand } from './pull/catalog-module.js';
import { readManifest, type PullManifest } from './pull/manifest.js';
import { pullJourneys } from './pull/pull-journeys.js';
import { describeDrift } from './pull/schema-diff.js';
import { UsageError } from './usage-error.js';

/** Options of `pull` and `check`, checked by the command line. */
export interface PullCommandOptions {
  /** The generated module's path, as given. */
  file: string;
  /** `--alias key=templateId`: catalog keys for template IDs (pull only; check reads them from the file). */
  aliases: Record<string, string>;
  /** `--allow-insecure-http`. */
  allowInsecureHttp: boolean;
  /** Where lines go: stdout and stderr by default. */
  out?: (line: string) => void;
  err?: (line: string) => void;
}

/** The client, or a {@link UsageError} before any request: a missing key or a bad base URL is the user's configuration, not Courier. */
function client(options: PullCommandOptions): JourneysClient {
  if ((process.env.COURIER_API_KEY ?? '') === '') {
    throw new UsageError('no Courier API key: set COURIER_API_KEY (pull and check read the published journeys from Courier)');
  }
  checkPlainHttp(process.env.COURIER_BASE_URL, options.allowInsecureHttp);
  try {
    return new JourneysClient({ allowInsecureHttp: options.allowInsecureHttp });
  } catch (err) {
    if (err instanceof JourneysConfigurationError) throw new UsageError(err.message);
    throw err;
  }
}

async function pullWith(options: PullCommandOptions, aliases: Record<string, string>, file: string): Promise<PullManifest> {
  const courier = client(options);
  try {
    return await pullJourneys(courier.journeys, aliases, file);
  } finally {
    await courier.close();
  }
}

function fail(err: unknown, write: (line: string) => void): number {
  if (err instanceof UsageError) {
    write(`journeykit: ${err.message}`);
    return 2;
  }
  if (isJourneysError(err)) {
    write(`journeykit: could not read the journeys from Courier: ${err.message}`);
    return 1;
  }
  throw err;
}

/**
 * Writes the catalog module; prints how many journeys, which were left out, and how long it took.
 *
 * @example
 * ```ts
 * process.exitCode = await runPull({ file: 'src/journeys.gen.ts', aliases: {}, allowInsecureHttp: false });
 * ```
 */
export async function runPull(options: PullCommandOptions): Promise<number> {
  const out = options.out ?? ((line) => process.stdout.write(`${line}\n`));
  const err = options.err ?? ((line) => process.stderr.write(`${line}\n`));
  const started = performance.now();
  try {
    const manifest = await pullWith(options, options.aliases, options.file);
    writeFileSync(options.file, await renderCatalogModule(manifest));
    const ms = Math.round(performance.now() - started);
    out(`Pulled ${manifest.journeys.length} journeys into ${options.file} in ${ms} ms`);
    for (const l of manifest.leftOut) out(`  left out ${l.id} (${l.name}): ${l.reason}`);
    return 0;
  } catch (error) {
    return fail(error, err);
  }
}

/**
 * Exit 0 when the committed module is what `pull` would write now; 1 with the drift, line by line.
 *
 * @example
 * ```ts
 * process.exitCode = await runCheck({ file: 'src/journeys.gen.ts', aliases: {}, allowInsecureHttp: false });
 * ```
 */
export async function runCheck(options: PullCommandOptions): Promise<number> {
  const out = options.out ?? ((line) => process.stdout.write(`${line}\n`));
  const err = options.err ?? ((line) => process.stderr.write(`${line}\n`));
  let text: string;
  try {
    text = readFileSync(options.file, 'utf8');
  } catch (error) {
    err(
      `journeykit: cannot read ${options.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}; make it with journeykit pull ${options.file}`,
    );
    return 2;
  }
  const found = readManifest(text);
  if ('problem' in found) {
    err(`journeykit: ${options.file}: ${found.problem}`);
    return 1;
  }
  try {
    const current = await pullWith(options, found.manifest.aliases, found.manifest.file);
    const regenerate = `Regenerate it: npx ${regenerateCommand(found.manifest.file, found.manifest.aliases)}`;
    const drift = describeDrift(found.manifest, current);
    if (drift.length > 0) {
      err(`${options.file} differs from Courier's published journeys:`);
      for (const line of drift) err(`  - ${line}`);
      err(regenerate);
      return 1;
    }
    if ((await renderCatalogModule(current)) !== text) {
      err(
        `${options.file} describes the same journeys, but is not what journeykit pull writes (edited by hand, or made by another journeykit version).`,
      );
      err(regenerate);
      return 1;
    }
    out(`${options.file} matches Courier's ${current.journeys.length} published api-invoke journeys`);
    return 0;
  } catch (error) {
    return fail(error, err);
  }
}
