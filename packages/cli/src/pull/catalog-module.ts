/**
 * Renders the generated catalog module from a {@link PullManifest}: a header saying how it was
 * made and how to regenerate it, one `data` type per journey (json-schema-to-typescript), the
 * schemas as JSON, a Draft-07 validator per journey (Ajv, as Courier runs it) exposed as a Standard
 * Schema, and `defineJourneys({...})`. The same manifest always renders the same bytes.
 */
import { compile } from 'json-schema-to-typescript';
import { MANIFEST_END, MANIFEST_START, type PullManifest, type PulledJourney } from './manifest.js';

const RUNTIME = `// Draft-07, as Courier validates the trigger's \`data\` (courier-node: "Validated at runtime by Ajv").
// Each schema is compiled on its first use, so importing the catalog costs nothing per journey.
type Addable = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: Addable }).default ?? addFormatsModule) as unknown as Addable;
let ajv: Ajv | undefined;

/** Ajv's JSON Pointer as a Standard Schema path: array indexes as numbers, keys as strings. */
function pathOf(value: unknown, pointer: string): PropertyKey[] {
  const path: PropertyKey[] = [];
  let at = value;
  for (const raw of pointer === '' ? [] : pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    const step = Array.isArray(at) ? Number(key) : key;
    path.push(step);
    at = at !== null && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[step] : undefined;
  }
  return path;
}

function issuesOf(validate: ValidateFunction, value: unknown): { message: string; path: PropertyKey[] }[] {
  return (validate.errors ?? []).map((e: ErrorObject) => {
    const path = pathOf(value, e.instancePath);
    if (e.keyword === 'required') return { message: 'is required', path: [...path, String(e.params.missingProperty)] };
    if (e.keyword === 'additionalProperties') return { message: 'is not allowed (additionalProperties: false)', path: [...path, String(e.params.additionalProperty)] };
    if (e.keyword === 'enum') return { message: \`must be one of \${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}\`, path };
    return { message: e.message ?? e.keyword, path };
  });
}

/** A Standard Schema over a JSON Schema; a missing \`data\` is checked as \`{}\`, as Courier does. */
function draft07<T>(schema: object): StandardSchemaV1<T> {
  let validate: ValidateFunction | undefined;
  return {
    '~standard': {
      version: 1,
      vendor: 'journeykit-pull',
      validate(value: unknown) {
        ajv ??= addFormats(new Ajv({ allErrors: true, strict: false }));
        validate ??= ajv.compile(schema);
        const checked = value ?? {};
        return validate(checked) ? { value: value as T } : { issues: issuesOf(validate, checked) };
      },
    },
  };
}`;

function pascal(text: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  const name = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return /^[A-Za-z]/.test(name) ? name : `J${name}`;
}

/** The type names, one per journey, unique. */
function typeNames(journeys: readonly PulledJourney[]): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>(['StandardSchemaV1', 'Ajv', 'ErrorObject', 'ValidateFunction']);
  for (const j of journeys) {
    const base = `${pascal(j.key)}Data`;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}${n}`;
    used.add(name);
    names.set(j.key, name);
  }
  return names;
}

/**
 * The schema as the type generator sees it: every `title` (which names a type) prefixed with the
 * journey's type name, so that two journeys' `definitions` of the same name cannot collide.
 */
function forTypes(schema: Record<string, unknown>, prefix: string): Record<string, unknown> {
  const walk = (value: unknown, top: boolean): unknown => {
    if (Array.isArray(value)) return value.map((v) => walk(v, false));
    if (value === null || typeof value !== 'object') return value;
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) copy[k] = walk(v, false);
    if (top) delete copy.title;
    else if (typeof copy.title === 'string') copy.title = `${prefix}${pascal(copy.title)}`;
    return copy;
  };
  const copy = walk(schema, true) as Record<string, unknown>;
  // Definitions without a title are named after their key: give them the prefix too.
  for (const group of ['definitions', '$defs']) {
    const defs = copy[group];
    if (defs === null || typeof defs !== 'object') continue;
    for (const [key, def] of Object.entries(defs as Record<string, unknown>)) {
      if (def !== null && typeof def === 'object' && typeof (def as Record<string, unknown>).title !== 'string') {
        (def as Record<string, unknown>).title = `${prefix}${pascal(key)}`;
      }
    }
  }
  return copy;
}

/** json-schema-to-typescript's unformatted output, indented by its braces (prettier would cost seconds on hundreds of journeys). */
function indent(ts: string): string {
  let depth = 0;
  return ts
    .trim()
    .split('\n')
    .map((line) => {
      const text = line.trim();
      if (/^[}\]]/.test(text)) depth = Math.max(0, depth - 1);
      const out = text === '' ? '' : `${'  '.repeat(depth)}${text}`;
      if (/[{[(]$/.test(text)) depth++;
      return out;
    })
    .join('\n');
}

function requiresData(schema: Record<string, unknown> | null): boolean {
  return schema !== null && Array.isArray(schema.required) && schema.required.length > 0;
}

function docLine(text: string): string {
  return text.replaceAll('*/', '*\\/');
}

/** The command that regenerates the module with the same options. */
export function regenerateCommand(file: string, aliases: Record<string, string>): string {
  const flags = Object.entries(aliases).map(([key, id]) => ` --alias ${key}=${id}`);
  return `journeykit pull ${file}${flags.join('')}`;
}

/**
 * The module's text.
 *
 * @example
 * ```ts
 * writeFileSync('src/journeys.gen.ts', await renderCatalogModule(manifest));
 * ```
 */
export async function renderCatalogModule(manifest: PullManifest): Promise<string> {
  const names = typeNames(manifest.journeys);
  const typeBlocks: string[] = [];
  const entries: string[] = [];
  for (const j of manifest.journeys) {
    const name = names.get(j.key) as string;
    const about = [`${docLine(j.name)} (template ID \`${docLine(j.id)}\`).`];
    if (j.schema === null) {
      about.push('Its trigger has no schema: `data` is any object.');
      entries.push(`  /** ${about.join(' ')} */\n  ${JSON.stringify(j.key)}: {},`);
      continue;
    }
    const ts = await compile(forTypes(j.schema, name), name, {
      bannerComment: '',
      format: false,
      unknownAny: true,
      additionalProperties: true,
      declareExternallyReferenced: true,
      // minItems would make tuples ([Item, ...Item[]]) that plain arrays do not fit; Ajv still checks it.
      ignoreMinAndMaxItems: true,
      // Only refs inside the schema: never a file or a URL.
      $refOptions: { resolve: { external: false } },
    });
    typeBlocks.push(`/** The \`data\` of ${docLine(j.name)} (\`${docLine(j.id)}\`). */\n${indent(ts)}`);
    const type = requiresData(j.schema) ? name : `${name} | undefined`;
    entries.push(
      `  /** ${about.join(' ')} */\n  ${JSON.stringify(j.key)}: { data: draft07<${type}>(MANIFEST.journeys[${manifest.journeys.indexOf(j)}]!.schema as object) },`,
    );
  }
  const command = regenerateCommand(manifest.file, manifest.aliases);
  const leftOut =
    manifest.leftOut.length === 0
      ? ' * Every published journey starts with an api-invoke trigger: none left out.'
      : [
          ' * Left out (not started by the invoke API):',
          ...manifest.leftOut.map((l) => ` *   - ${docLine(l.id)} (${docLine(l.name)}): ${docLine(l.reason)}`),
        ].join('\n');
  return `/**
 * Journey catalog pulled from Courier by \`journeykit pull\`: do not edit, regenerate.
 *
 *   Regenerate:   npx ${command}
 *   Check in CI:  npx journeykit check ${manifest.file}   (exit 1 with a diff when Courier's journeys changed)
 *
 * Made from the published version of each journey whose trigger is api-invoke: \`data\` is typed from
 * the trigger's JSON Schema (json-schema-to-typescript) and checked at run time by Ajv with Draft-07
 * and ajv-formats, as Courier checks it. Your project needs \`ajv\` and \`ajv-formats\` installed.
${leftOut}
 */
/* eslint-disable */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { defineJourneys, type StandardSchemaV1 } from '@journeykit/core';

${typeBlocks.join('\n\n')}

${MANIFEST_START}
const MANIFEST = ${JSON.stringify(manifest, null, 2)};
${MANIFEST_END}

${RUNTIME}

/** The pulled journeys, by template ID (or the alias given with --alias): give it to JourneysClient, the adapters, the fakes. */
export const journeys = defineJourneys({
${entries.join('\n')}
});
`;
}
