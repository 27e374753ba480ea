/**
 * Reads the published journeys from Courier (through core's `client.journeys`, so with its retries
 * and typed errors) into a {@link PullManifest}: the ones started by an `api-invoke` trigger, with
 * the trigger's schema, and the others left out with the reason.
 */
import { apiInvokeTrigger, type JourneyDefinitionReads, type JourneyDetail } from '@journeykit/core';
import { UsageError } from '../usage-error.js';
import { sortKeys, type LeftOutJourney, type PullManifest, type PulledJourney } from './manifest.js';

/** Journeys read at once: enough to pull hundreds in a few seconds, few enough not to meet Courier's rate limits. */
const PULL_CONCURRENCY = 8;

function leftOutReason(journey: JourneyDetail): string | undefined {
  if (apiInvokeTrigger(journey.nodes) !== undefined) return undefined;
  const trigger = journey.nodes.find((n) => n.type === 'trigger');
  return trigger === undefined ? 'it has no trigger node' : `its trigger is ${String(trigger.trigger_type)}, not api-invoke`;
}

/**
 * Every published journey, read `PULL_CONCURRENCY` at a time, as a manifest. An alias naming a
 * template ID that is not published (or not api-invoke) is an error that says which.
 *
 * @example
 * ```ts
 * const manifest = await pullJourneys(client.journeys, { welcome: 'tmpl_01' }, 'src/journeys.gen.ts');
 * ```
 */
export async function pullJourneys(reads: JourneyDefinitionReads, aliases: Record<string, string>, file: string): Promise<PullManifest> {
  const ids: string[] = [];
  for await (const summary of reads.list({ version: 'published' })) ids.push(summary.id);
  const details: JourneyDetail[] = new Array(ids.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const i = next++;
      details[i] = await reads.get(ids[i] as string, { version: 'published' });
    }
  };
  await Promise.all(Array.from({ length: Math.min(PULL_CONCURRENCY, ids.length) }, worker));

  const keyOf = new Map(Object.entries(aliases).map(([key, id]) => [id, key]));
  const journeys: PulledJourney[] = [];
  const leftOut: LeftOutJourney[] = [];
  for (const journey of details) {
    const reason = leftOutReason(journey);
    if (reason !== undefined) {
      leftOut.push({ id: journey.id, name: journey.name, reason });
      continue;
    }
    const schema = apiInvokeTrigger(journey.nodes)?.schema;
    journeys.push({
      key: keyOf.get(journey.id) ?? journey.id,
      id: journey.id,
      name: journey.name,
      schema: schema === undefined ? null : (sortKeys(schema) as Record<string, unknown>),
    });
  }
  const pulled = new Set(journeys.map((j) => j.id));
  for (const [key, id] of Object.entries(aliases)) {
    if (!pulled.has(id))
      throw new UsageError(`--alias ${key}=${id}: no published journey with an api-invoke trigger has the template ID ${JSON.stringify(id)}`);
  }
  const keys = new Map<string, string>();
  for (const j of journeys) {
    const other = keys.get(j.key);
    if (other !== undefined)
      throw new UsageError(
        `--alias ${j.key}=${j.id}: the key ${JSON.stringify(j.key)} is also the template ID of another journey (${other}); pick another alias`,
      );
    keys.set(j.key, j.id);
  }
  const byKey = (a: { key: string }, b: { key: string }): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  return {
    format: 1,
    file,
    aliases: Object.fromEntries(Object.entries(aliases).sort(([a], [b]) => (a < b ? -1 : 1))),
    journeys: journeys.sort(byKey),
    leftOut: leftOut.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}
