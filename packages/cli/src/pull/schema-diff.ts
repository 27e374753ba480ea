/**
 * The drift between two pulls, as lines a person reads in a CI log: journey added or removed,
 * field added or removed, type changed, field now required (or no longer), and any other change
 * to a schema named by where it is.
 */
import { isDeepStrictEqual } from 'node:util';
import type { PullManifest, PulledJourney } from './manifest.js';

type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** What a schema accepts, in a few words: `string (date-time)`, `one of "free", "pro"`, `array of string`. */
function describeType(schema: unknown): string {
  if (!isSchema(schema)) return schema === true ? 'anything' : 'nothing';
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if ('const' in schema) return `exactly ${JSON.stringify(schema.const)}`;
  if (typeof schema.$ref === 'string') return `$ref ${schema.$ref}`;
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : typeof schema.type === 'string' ? schema.type : 'any';
  if (type === 'array') return `array of ${describeType(schema.items ?? true)}`;
  return typeof schema.format === 'string' ? `${type} (${schema.format})` : type;
}

function requiredOf(schema: Schema): Set<string> {
  return new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
}

function propertiesOf(schema: Schema): Record<string, unknown> {
  return isSchema(schema.properties) ? schema.properties : {};
}

function diffSchema(at: string, before: unknown, after: unknown, out: string[]): void {
  if (isDeepStrictEqual(before, after)) return;
  if (!isSchema(before) || !isSchema(after)) {
    out.push(`type changed: ${at}: ${describeType(before)} -> ${describeType(after)}`);
    return;
  }
  const typeBefore = describeType({ ...before, items: undefined });
  const typeAfter = describeType({ ...after, items: undefined });
  if (typeBefore !== typeAfter) out.push(`type changed: ${at}: ${describeType(before)} -> ${describeType(after)}`);
  const reqBefore = requiredOf(before);
  const reqAfter = requiredOf(after);
  const propsBefore = propertiesOf(before);
  const propsAfter = propertiesOf(after);
  for (const name of Object.keys(propsAfter)) {
    if (!(name in propsBefore)) out.push(`field added: ${at}.${name} (${describeType(propsAfter[name])}${reqAfter.has(name) ? ', required' : ''})`);
  }
  for (const name of Object.keys(propsBefore)) {
    if (!(name in propsAfter)) out.push(`field removed: ${at}.${name}`);
  }
  // A field added as required was said so above.
  for (const name of reqAfter)
    if (!reqBefore.has(name) && (name in propsBefore || !(name in propsAfter))) out.push(`field now required: ${at}.${name}`);
  for (const name of reqBefore) if (!reqAfter.has(name) && name in propsAfter) out.push(`field no longer required: ${at}.${name}`);
  for (const name of Object.keys(propsAfter)) if (name in propsBefore) diffSchema(`${at}.${name}`, propsBefore[name], propsAfter[name], out);
  if (typeBefore === typeAfter && (before.items !== undefined || after.items !== undefined)) diffSchema(`${at}[]`, before.items, after.items, out);
  // Anything else (additionalProperties, definitions, patterns, bounds...): named, not interpreted.
  const handled = new Set(['type', 'enum', 'const', '$ref', 'format', 'items', 'properties', 'required', 'title', 'description']);
  const keywords = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const keyword of [...keywords].sort()) {
    if (!handled.has(keyword) && !isDeepStrictEqual(before[keyword], after[keyword])) {
      out.push(`schema changed: ${at}: ${keyword} ${JSON.stringify(before[keyword])} -> ${JSON.stringify(after[keyword])}`);
    }
  }
}

function label(j: PulledJourney): string {
  return j.key === j.id ? JSON.stringify(j.id) : `${JSON.stringify(j.key)} (${j.id})`;
}

/**
 * The lines that tell the committed catalog from Courier's journeys now; empty when they agree.
 *
 * @example
 * ```ts
 * describeDrift(committed, current); // ['journey "welcome": field now required: data.plan']
 * ```
 */
export function describeDrift(committed: PullManifest, current: PullManifest): string[] {
  const lines: string[] = [];
  const before = new Map(committed.journeys.map((j) => [j.id, j]));
  const after = new Map(current.journeys.map((j) => [j.id, j]));
  for (const [id, j] of after) if (!before.has(id)) lines.push(`journey added: ${label(j)} (${j.name})`);
  for (const [id, j] of before)
    if (!after.has(id))
      lines.push(`journey removed: ${label(j)}${current.leftOut.some((l) => l.id === id) ? ' (its trigger is no longer api-invoke)' : ''}`);
  for (const [id, now] of after) {
    const was = before.get(id);
    if (was === undefined) continue;
    const changes: string[] = [];
    if (was.name !== now.name) changes.push(`renamed: ${JSON.stringify(was.name)} -> ${JSON.stringify(now.name)}`);
    if (was.schema === null && now.schema !== null) changes.push(`schema added: data is now ${describeType(now.schema)}`);
    else if (was.schema !== null && now.schema === null) changes.push('schema removed: data is now any object');
    else diffSchema('data', was.schema, now.schema, changes);
    for (const change of changes) lines.push(`journey ${label(now)}: ${change}`);
  }
  const leftBefore = new Set(committed.leftOut.map((l) => l.id));
  for (const l of current.leftOut)
    if (!leftBefore.has(l.id) && !before.has(l.id)) lines.push(`journey left out (new): ${JSON.stringify(l.id)}: ${l.reason}`);
  return lines;
}
