/**
 * Journey definitions the fake serves on Courier's read endpoints (shapes from courier-node 9.1.0
 * `src/resources/journeys/journeys.ts`): `GET /journeys` (cursor pages of `{ templates, cursor }`),
 * `GET /journeys/{templateId}` (`version=published|draft|vN`, the journey with its nodes) and
 * `GET /journeys/{templateId}/versions` (published versions, most recent first).
 */

import { JourneysConfigurationError } from '@journeykit/core';

/** One published version of a {@link FakeJourneyDefinition}. */
export interface FakeJourneyVersion {
  /** Courier's version name, e.g. `v1`. */
  version: string;
  /** The nodes of that version (Courier's `JourneyNode` shapes; the fake does not check them). */
  nodes: readonly unknown[];
  /** The journey's name at that version. Default: the journey's name. */
  name?: string;
  /** When it was published (ISO 8601). Default: when the server started. */
  publishedAt?: string;
}

/**
 * A journey as the fake serves it. The draft is `nodes`; the published versions are `versions`
 * (oldest first), or, for a journey in state `PUBLISHED` that lists none, one version `v1` of `nodes`.
 *
 * @example
 * ```ts
 * const welcome: FakeJourneyDefinition = {
 *   id: 'welcome',
 *   name: 'Welcome',
 *   nodes: [{ id: 'trigger-1', type: 'trigger', trigger_type: 'api-invoke' }, { id: 'exit-1', type: 'exit' }],
 * };
 * ```
 */
export interface FakeJourneyDefinition {
  /** The template ID invokes use. */
  id: string;
  /** The journey's name (of its draft; a version may carry its own). */
  name: string;
  /** The draft's nodes. */
  nodes: readonly unknown[];
  /** Default `PUBLISHED`. */
  state?: 'DRAFT' | 'PUBLISHED';
  /** Default true. */
  enabled?: boolean;
  /** Published versions, oldest first. */
  versions?: readonly FakeJourneyVersion[];
}

/** A read's answer: status and JSON body. */
export interface DefinitionAnswer {
  status: number;
  body: unknown;
  /** For the 400s and 404s: what went wrong. */
  message?: string;
}

/** Journeys per page of `GET /journeys` (Courier does not publish its page size). */
const JOURNEYS_PAGE_SIZE = 20;

interface Stored {
  definition: FakeJourneyDefinition;
  versions: readonly FakeJourneyVersion[];
}

const describe = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);

/** Checks the definitions given to the fake; a JourneysConfigurationError says which one is wrong and how. */
export function checkDefinitions(definitions: unknown): readonly FakeJourneyDefinition[] {
  if (definitions === undefined) return [];
  if (!Array.isArray(definitions))
    throw new JourneysConfigurationError(`journeyDefinitions must be an array of journeys, got ${describe(definitions)}`);
  const seen = new Set<string>();
  definitions.forEach((d: unknown, i) => {
    const at = `journeyDefinitions[${i}]`;
    if (d === null || typeof d !== 'object' || Array.isArray(d))
      throw new JourneysConfigurationError(`${at} must be an object { id, name, nodes }, got ${describe(d)}`);
    const { id, name, nodes, state, enabled, versions } = d as Record<string, unknown>;
    if (typeof id !== 'string' || id === '') throw new JourneysConfigurationError(`${at}.id must be a non-empty string (the template ID)`);
    if (seen.has(id)) throw new JourneysConfigurationError(`${at}.id "${id}" is given twice`);
    seen.add(id);
    if (typeof name !== 'string') throw new JourneysConfigurationError(`${at}.name must be a string, got ${describe(name)}`);
    if (!Array.isArray(nodes)) throw new JourneysConfigurationError(`${at}.nodes must be an array of nodes, got ${describe(nodes)}`);
    if (state !== undefined && state !== 'DRAFT' && state !== 'PUBLISHED')
      throw new JourneysConfigurationError(`${at}.state must be "DRAFT" or "PUBLISHED"`);
    if (enabled !== undefined && typeof enabled !== 'boolean') throw new JourneysConfigurationError(`${at}.enabled must be a boolean`);
    if (versions !== undefined) {
      if (!Array.isArray(versions)) throw new JourneysConfigurationError(`${at}.versions must be an array, got ${describe(versions)}`);
      versions.forEach((v: unknown, j) => {
        const vAt = `${at}.versions[${j}]`;
        const version = v as Record<string, unknown> | null;
        if (version === null || typeof version !== 'object' || typeof version.version !== 'string' || !Array.isArray(version.nodes)) {
          throw new JourneysConfigurationError(`${vAt} must be { version: string, nodes: array }`);
        }
        if (version.publishedAt !== undefined && (typeof version.publishedAt !== 'string' || Number.isNaN(Date.parse(version.publishedAt)))) {
          throw new JourneysConfigurationError(`${vAt}.publishedAt must be an ISO 8601 timestamp`);
        }
      });
    }
  });
  return definitions as FakeJourneyDefinition[];
}

/** The journeys a fake serves, read-only. */
export class JourneyDefinitions {
  readonly #byId = new Map<string, Stored>();
  readonly #startedAt: number;

  constructor(definitions: readonly FakeJourneyDefinition[], startedAt: number = Date.now()) {
    this.#startedAt = startedAt;
    for (const definition of definitions) {
      const versions = definition.versions ?? ((definition.state ?? 'PUBLISHED') === 'PUBLISHED' ? [{ version: 'v1', nodes: definition.nodes }] : []);
      this.#byId.set(definition.id, { definition, versions });
    }
  }

  /** The nodes of the journey's latest published version, or undefined when it has none (or is unknown). */
  published(templateId: string): { version: string; nodes: readonly unknown[] } | undefined {
    const latest = this.#byId.get(templateId)?.versions.at(-1);
    return latest === undefined ? undefined : { version: latest.version, nodes: latest.nodes };
  }

  /** `GET /journeys?version=published|draft&cursor=`: `{ templates, cursor? }`. */
  list(params: URLSearchParams): DefinitionAnswer {
    const version = params.get('version') || 'published';
    if (version !== 'published' && version !== 'draft') return invalid(`version must be published or draft, got ${JSON.stringify(version)}`);
    const cursor = params.get('cursor') || undefined;
    const offset = cursor === undefined ? 0 : Number(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Number.isSafeInteger(offset) || offset < 0) return invalid('cursor is not a cursor this API gave out; pass cursor as received');
    const all = [...this.#byId.values()].filter((s) => version === 'draft' || s.versions.length > 0);
    const page = all.slice(offset, offset + JOURNEYS_PAGE_SIZE).map((s) => {
      const at = new Date(this.#startedAt).toISOString();
      const name = version === 'draft' ? s.definition.name : (s.versions.at(-1)?.name ?? s.definition.name);
      return { id: s.definition.id, name, version, createdAt: at, updatedAt: at };
    });
    const next =
      offset + JOURNEYS_PAGE_SIZE < all.length ? Buffer.from(String(offset + JOURNEYS_PAGE_SIZE), 'utf8').toString('base64url') : undefined;
    return { status: 200, body: next === undefined ? { templates: page } : { templates: page, cursor: next } };
  }

  /** `GET /journeys/{templateId}?version=draft|published|vN`: the journey with that version's nodes. */
  get(templateId: string, params: URLSearchParams): DefinitionAnswer {
    const stored = this.#byId.get(templateId);
    if (stored === undefined) return notFound(templateId);
    const { definition, versions } = stored;
    const asked = params.get('version') || 'published';
    let nodes: readonly unknown[];
    let name = definition.name;
    let published: FakeJourneyVersion | undefined = versions.at(-1);
    if (asked === 'draft') nodes = definition.nodes;
    else {
      published = asked === 'published' ? versions.at(-1) : versions.find((v) => v.version === asked);
      if (published === undefined) {
        if (asked !== 'published' && !/^v\d+$/.test(asked)) return invalid(`version must be draft, published or vN, got ${JSON.stringify(asked)}`);
        return notFound(templateId, asked);
      }
      nodes = published.nodes;
      name = published.name ?? name;
    }
    return {
      status: 200,
      body: {
        id: definition.id,
        created: this.#startedAt,
        creator: null,
        enabled: definition.enabled ?? true,
        name,
        nodes,
        published: published === undefined ? null : this.#publishedAt(published),
        state: versions.length > 0 ? 'PUBLISHED' : 'DRAFT',
        updated: this.#startedAt,
        updater: null,
      },
    };
  }

  /** `GET /journeys/{templateId}/versions`: `{ paging, results }`, most recent first. */
  versions(templateId: string): DefinitionAnswer {
    const stored = this.#byId.get(templateId);
    if (stored === undefined) return notFound(templateId);
    const results = [...stored.versions].reverse().map((v) => ({
      created: this.#publishedAt(v),
      creator: null,
      name: v.name ?? stored.definition.name,
      published: this.#publishedAt(v),
      version: v.version,
    }));
    return { status: 200, body: { paging: { more: false }, results } };
  }

  #publishedAt(version: FakeJourneyVersion): number {
    return version.publishedAt === undefined ? this.#startedAt : Date.parse(version.publishedAt);
  }
}

function invalid(message: string): DefinitionAnswer {
  return { status: 400, body: undefined, message };
}

function notFound(templateId: string, version?: string): DefinitionAnswer {
  const which = version === undefined ? '' : ` at version ${version}`;
  return { status: 404, body: undefined, message: `Journey ${JSON.stringify(templateId)}${which} not found` };
}
