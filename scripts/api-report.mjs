#!/usr/bin/env node
// `pnpm api:report` writes the public API of every publishable package, one Markdown file per entry point of its
// `exports` (packages/<dir>/api/<entry>.api.md), from the built .d.ts files; review a change to the public API there.
// `pnpm api:check` (CI) compares the built API with those files and fails when they differ.
// API Extractor reads one entry point per run, so this script runs it once per entry, in one process.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const check = process.argv.includes('--check');

/** Every entry point with types of every publishable package: `.` is `index`, `./nestjs` is `nestjs`. */
function entryPoints() {
  const entries = [];
  for (const dir of readdirSync(join(ROOT, 'packages')).sort()) {
    const packageFolder = join(ROOT, 'packages', dir);
    const pkg = JSON.parse(readFileSync(join(packageFolder, 'package.json'), 'utf8'));
    if (pkg.private) continue;
    for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
      const types = target?.import?.types;
      if (typeof types !== 'string') continue;
      const name = subpath === '.' ? 'index' : subpath.slice(2).replaceAll('/', '-');
      entries.push({ packageFolder, name, types: join(packageFolder, types) });
    }
  }
  return entries;
}

/** Runs API Extractor on one entry; the report lands in `reportFolder` as `<name>.api.md`. */
function extract({ packageFolder, name, types }, reportFolder) {
  if (!existsSync(types)) throw new Error(`${relative(ROOT, types)} is missing: run \`pnpm build\` first.`);
  const config = ExtractorConfig.prepare({
    configObjectFullPath: undefined,
    packageJsonFullPath: join(packageFolder, 'package.json'),
    configObject: {
      projectFolder: packageFolder,
      mainEntryPointFilePath: types,
      compiler: {
        overrideTsconfig: {
          // skipLibCheck: checking the dependencies' .d.ts files (pg-boss, Nest, undici) took ten times as long.
          compilerOptions: {
            target: 'es2022',
            lib: ['es2023', 'dom'],
            module: 'nodenext',
            moduleResolution: 'nodenext',
            types: ['node'],
            strict: true,
            skipLibCheck: true,
          },
        },
      },
      apiReport: { enabled: true, reportFileName: name, reportFolder, reportTempFolder: reportFolder },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        // The docs test checks TSDoc and its links; the report is about shapes. A type used but not exported is named in the report.
        tsdocMessageReporting: { default: { logLevel: 'none' } },
        extractorMessageReporting: {
          default: { logLevel: 'warning', addToApiReportFile: true },
          'ae-missing-release-tag': { logLevel: 'none', addToApiReportFile: false },
          'ae-forgotten-export': { logLevel: 'none', addToApiReportFile: true },
          'ae-unresolved-link': { logLevel: 'none', addToApiReportFile: false },
        },
      },
    },
  });
  const problems = [];
  const result = Extractor.invoke(config, {
    localBuild: true,
    messageCallback(message) {
      message.handled = true;
      if (message.logLevel === 'error' || message.logLevel === 'warning') problems.push(message.formatMessageWithLocation(ROOT));
    },
  });
  if (!result.succeeded || problems.length > 0) throw new Error(`API Extractor on ${relative(ROOT, types)}:\n${problems.join('\n')}`);
}

const started = performance.now();
const out = mkdtempSync(join(tmpdir(), 'journeykit-api-'));
const stale = [];
try {
  for (const entry of entryPoints()) {
    const built = join(out, relative(ROOT, entry.packageFolder));
    mkdirSync(built, { recursive: true });
    extract(entry, built);
  }
  for (const dir of readdirSync(join(out, 'packages'))) {
    const built = join(out, 'packages', dir);
    const committed = join(ROOT, 'packages', dir, 'api');
    const names = new Set([...readdirSync(built), ...(existsSync(committed) ? readdirSync(committed) : [])]);
    for (const name of [...names].sort()) {
      const a = join(built, name);
      const b = join(committed, name);
      if (!existsSync(a) || !existsSync(b) || readFileSync(a, 'utf8') !== readFileSync(b, 'utf8')) stale.push(relative(ROOT, b));
    }
    if (!check) {
      rmSync(committed, { recursive: true, force: true });
      cpSync(built, committed, { recursive: true });
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (check && stale.length > 0) {
  console.error(`The public API differs from the committed report in:\n  ${stale.join('\n  ')}`);
  console.error('If the change is intended, run `pnpm api:report` and commit the api/ files it rewrites.');
  process.exit(1);
}
console.log(check ? `API reports match the build (${seconds} s).` : `API reports written: ${stale.length} changed (${seconds} s).`);
