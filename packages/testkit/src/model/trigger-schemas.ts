/**
 * The `data` check Courier runs when a journey's `api-invoke` trigger executes: the trigger's JSON
 * Schema, Draft-07, with Ajv (courier-node 9.1.0, `JourneyAPIInvokeTriggerNode.schema`: "A JSONSchema
 * object (Draft-07-compatible). Validated at runtime by Ajv."). Shared by both fakes, so a wrong
 * payload fails the same way in each. Each schema is compiled once, on the first invoke that needs it.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { apiInvokeTrigger } from '@journeykit/core';
import { thrownText } from '@journeykit/core/internal';

// ajv-formats is CommonJS with `exports.default`: interop gives either the function or the module.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/** Why a payload failed its journey's trigger schema. */
export interface TriggerSchemaMismatch {
  /** The published version whose schema was applied, e.g. `v2`. */
  version: string;
  /** The trigger node's id, when it has one. */
  nodeId: string | undefined;
  /** One line per problem, e.g. `data.plan: must be equal to one of the allowed values (free, pro)`. */
  problems: string[];
}

/** The published trigger of a journey: its version and nodes, as the definitions hold them. */
export type PublishedNodes = (templateId: string) => { version: string; nodes: readonly unknown[] } | undefined;

/**
 * The schema problems of one payload, as lines: `data.<path>: <message>`, with the allowed values
 * for an enum. Exported for the command line's `pull` tests, which compare with the same wording.
 */
function describeAjvErrors(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map((e) => {
    const path = e.instancePath === '' ? 'data' : `data${e.instancePath.split('/').slice(1).map(segment).join('')}`;
    if (e.keyword === 'required') return `${path}.${String(e.params.missingProperty)}: is required`;
    if (e.keyword === 'additionalProperties') return `${path}.${String(e.params.additionalProperty)}: is not allowed (additionalProperties: false)`;
    if (e.keyword === 'enum') return `${path}: must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    return `${path}: ${e.message ?? e.keyword}`;
  });
}

function segment(part: string): string {
  const key = part.replaceAll('~1', '/').replaceAll('~0', '~');
  return /^\d+$/.test(key) ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

interface Entry {
  version: string;
  nodeId: string | undefined;
  validate: ValidateFunction | undefined;
  /** Why the schema could not be compiled. */
  problem: string | undefined;
}

export class TriggerSchemas {
  readonly #published: PublishedNodes;
  readonly #compiled = new Map<string, Entry>();
  #ajv: Ajv | undefined;

  constructor(published: PublishedNodes) {
    this.#published = published;
  }

  /** Undefined when `data` passes (or the journey is unknown, or its trigger has no schema). */
  check(templateId: string, data: unknown): TriggerSchemaMismatch | undefined {
    const entry = this.#entry(templateId);
    if (entry?.problem !== undefined) return { version: entry.version, nodeId: entry.nodeId, problems: [entry.problem] };
    if (entry?.validate === undefined) return undefined;
    // Courier checks the payload as sent; a request without `data` is checked as an empty object.
    if (entry.validate(data ?? {})) return undefined;
    return { version: entry.version, nodeId: entry.nodeId, problems: describeAjvErrors(entry.validate) };
  }

  #entry(templateId: string): Entry | undefined {
    const cached = this.#compiled.get(templateId);
    if (cached !== undefined) return cached;
    const published = this.#published(templateId);
    if (published === undefined) return undefined;
    const trigger = apiInvokeTrigger(published.nodes);
    const schema = trigger?.schema;
    // allErrors: every problem at once, as journeykit reports validation; strict off: Courier's schemas may carry keywords Ajv's strict mode refuses.
    this.#ajv ??= addFormats(new Ajv({ allErrors: true, strict: false }));
    const entry: Entry = { version: published.version, nodeId: trigger?.id, validate: undefined, problem: undefined };
    try {
      entry.validate = schema === undefined ? undefined : this.#ajv.compile(schema);
    } catch (err) {
      // A schema Ajv cannot compile fails every run at its trigger, and says why (a test's definitions are wrong).
      entry.problem = `the trigger schema is not a valid Draft-07 schema: ${thrownText(err)}`;
    }
    this.#compiled.set(templateId, entry);
    return entry;
  }
}
