/**
 * Journeys for the pull tests, one per case where JSON Schema converters differ. Node shapes from
 * courier-node 9.1.0, src/resources/journeys/journeys.ts (`JourneyAPIInvokeTriggerNode`: `schema`
 * is "A JSONSchema object (Draft-07-compatible). Validated at runtime by Ajv."; a segment trigger is
 * `JourneySegmentTriggerNode`, `trigger_type: 'segment'`).
 */
import type { FakeJourneyDefinition } from '@journeykit/testkit';

const exit = { id: 'exit-1', type: 'exit' };
export const invokeTrigger = (schema?: Record<string, unknown>) => ({
  id: 'trigger-1',
  type: 'trigger',
  trigger_type: 'api-invoke',
  ...(schema === undefined ? {} : { schema }),
});
const journey = (id: string, name: string, schema?: Record<string, unknown>): FakeJourneyDefinition => ({
  id,
  name,
  nodes: [invokeTrigger(schema), exit],
});

export const WELCOME_SCHEMA = {
  type: 'object',
  properties: { plan: { enum: ['free', 'pro'] }, referrer: { type: 'string' } },
  required: ['plan'],
};

export function pullDefinitions(): FakeJourneyDefinition[] {
  return [
    journey('welcome', 'Welcome', WELCOME_SCHEMA),
    journey('kind-const', 'Const', { type: 'object', properties: { kind: { const: 'order' } }, required: ['kind'] }),
    journey('renewal', 'Renewal (Datetime field)', {
      type: 'object',
      properties: { renews_at: { type: 'string', format: 'date-time' } },
      required: ['renews_at'],
    }),
    journey('shipping', 'Shipping', {
      type: 'object',
      properties: {
        address: { type: 'object', properties: { city: { type: 'string' }, zip: { type: 'string' } }, required: ['zip'] },
        items: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] } },
      },
      required: ['address', 'items'],
    }),
    journey('closed', 'Closed object', { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false }),
    journey('with-ref', 'With $ref', {
      type: 'object',
      definitions: { money: { type: 'object', properties: { amount: { type: 'number' }, currency: { type: 'string' } }, required: ['amount'] } },
      properties: { total: { $ref: '#/definitions/money' } },
      required: ['total'],
    }),
    journey('no-schema', 'No schema'),
    {
      id: 'segment-digest',
      name: 'Segment digest',
      nodes: [{ id: 'trigger-1', type: 'trigger', trigger_type: 'segment', segment_id: 'seg_1' }, exit],
    },
  ];
}
