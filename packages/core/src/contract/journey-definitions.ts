/**
 * Journey definitions as Courier's read endpoints answer them (courier-node 9.1.0,
 * `src/resources/journeys/journeys.ts`: `Journey`, `JourneyResponse`, `JourneyVersionItem`,
 * `JourneyAPIInvokeTriggerNode`). Field names are Courier's, as for the runs.
 */
import type { LifecycleCallOptions } from './journey-runs.js';

/** One journey of `GET /journeys` (Courier's `Journey`). */
export interface JourneySummary {
  /** The template ID invokes use. */
  id: string;
  /** The journey's name. */
  name: string;
  /** Which version the listing shows: `published` or `draft`. */
  version: 'published' | 'draft';
  /** When it was created (ISO 8601). */
  createdAt?: string;
  /** When it last changed (ISO 8601). */
  updatedAt?: string;
}

/**
 * One node of a journey. Courier has many kinds (triggers, send, delay, branch, ...); only what
 * journeykit reads is typed, the rest is kept as it came.
 */
export interface JourneyNode {
  /** `trigger`, `send`, `delay`, `exit`, ... */
  type: string;
  /** The node's id in the journey. */
  id?: string;
  /** For a `trigger` node: `api-invoke`, `segment`, `audience`, `webhook`. */
  trigger_type?: string;
  /** For an `api-invoke` trigger: the JSON Schema (Draft-07) of the invoke's `data`, validated by Courier with Ajv. */
  schema?: Record<string, unknown>;
  [field: string]: unknown;
}

/** A journey with its nodes, as `GET /journeys/{templateId}` answers (Courier's `JourneyResponse`). */
export interface JourneyDetail {
  /** The template ID. */
  id: string;
  /** The journey's name at that version. */
  name: string;
  /** The nodes of the version asked for. */
  nodes: JourneyNode[];
  /** `DRAFT` or `PUBLISHED`. */
  state: 'DRAFT' | 'PUBLISHED' | (string & {});
  /** False when the journey is switched off in Courier. */
  enabled: boolean;
  /** When it was created (epoch ms). */
  created: number | null;
  /** Who created it, when Courier says. */
  creator: string | null;
  /** When the version was published (epoch ms); null for a draft never published. */
  published: number | null;
  /** When it last changed (epoch ms). */
  updated: number | null;
  /** Who changed it last, when Courier says. */
  updater: string | null;
}

/** One published version, as `GET /journeys/{templateId}/versions` lists them (Courier's `JourneyVersionItem`). */
export interface JourneyVersion {
  /** The version's name, e.g. `v3`: give it to `journeys.get(id, { version })`. */
  version: string;
  /** The journey's name at that version. */
  name: string;
  /** When it was published (epoch ms). */
  published: number | null;
  /** When the version was made (epoch ms). */
  created: number | null;
  /** Who made it, when Courier says. */
  creator: string | null;
}

/** Which journeys `journeys.list` reads. */
export interface JourneyListQuery {
  /** `published` (Courier's default) or `draft`. */
  version?: 'published' | 'draft';
}

/** Which version `journeys.get` reads. */
export interface JourneyGetQuery {
  /** `published` (Courier's default), `draft`, or a published version such as `v2`. */
  version?: string;
}

/**
 * The journey-definition reads, as `client.journeys`, `req.journeys.journeys` and
 * `JourneysService.journeys`. Each read goes through the request pipeline (retries, hooks,
 * telemetry, redaction); an unknown journey rejects with `JourneysApiError`, status 404.
 *
 * @example
 * ```ts
 * for await (const j of client.journeys.list()) console.log(j.id, j.name);
 * const welcome = await client.journeys.get('welcome');
 * const schema = apiInvokeTrigger(welcome.nodes)?.schema;
 * ```
 */
export interface JourneyDefinitionReads {
  /** Every journey, page by page as the loop asks for more (`GET /journeys`). */
  list(query?: JourneyListQuery, options?: LifecycleCallOptions): AsyncIterable<JourneySummary>;
  /** One journey with its nodes (`GET /journeys/{templateId}`). */
  get(templateId: string, query?: JourneyGetQuery, options?: LifecycleCallOptions): Promise<JourneyDetail>;
  /** Its published versions, most recent first (`GET /journeys/{templateId}/versions`, every page). */
  versions(templateId: string, options?: LifecycleCallOptions): Promise<JourneyVersion[]>;
}

/**
 * The journey's `api-invoke` trigger node, the one `POST /journeys/{templateId}/invoke` starts, or
 * undefined when the journey starts otherwise (segment, audience, webhook).
 *
 * @example
 * ```ts
 * const trigger = apiInvokeTrigger((await client.journeys.get('welcome')).nodes);
 * if (trigger?.schema !== undefined) console.log(Object.keys(trigger.schema.properties ?? {}));
 * ```
 */
export function apiInvokeTrigger(nodes: readonly unknown[]): JourneyNode | undefined {
  for (const node of nodes) {
    if (
      node !== null &&
      typeof node === 'object' &&
      (node as JourneyNode).type === 'trigger' &&
      (node as JourneyNode).trigger_type === 'api-invoke'
    ) {
      return node as JourneyNode;
    }
  }
  return undefined;
}
