/** Journey definitions the definition tests give the fake (nodes in Courier's JourneyNode shapes). */
import type { FakeJourneyDefinition } from '../../src/index.js';

export const trigger = { id: 'trigger-1', type: 'trigger', trigger_type: 'api-invoke' };
export const exit = { id: 'exit-1', type: 'exit' };

export const DEFINITIONS: FakeJourneyDefinition[] = [
  {
    id: 'welcome',
    name: 'Welcome v3 draft',
    nodes: [trigger, { id: 'send-2', type: 'send', message: { template: 'nt_2' } }, exit],
    versions: [
      { version: 'v1', name: 'Welcome', nodes: [trigger, exit], publishedAt: '2026-08-01T00:00:00.000Z' },
      {
        version: 'v2',
        name: 'Welcome',
        nodes: [trigger, { id: 'send-1', type: 'send', message: { template: 'nt_1' } }, exit],
        publishedAt: '2026-09-01T00:00:00.000Z',
      },
    ],
  },
  { id: 'digest', name: 'Digest', nodes: [trigger, exit] },
  { id: 'in-progress', name: 'Not yet published', state: 'DRAFT', enabled: false, nodes: [trigger] },
];

/** A journey whose trigger has a schema: `plan` is required, `free` or `pro`; `signed_up_at` a date-time. */
export const SIGNUP: FakeJourneyDefinition = {
  id: 'signup',
  name: 'Signup',
  nodes: [
    {
      id: 'trigger-1',
      type: 'trigger',
      trigger_type: 'api-invoke',
      schema: {
        type: 'object',
        properties: { plan: { enum: ['free', 'pro'] }, signed_up_at: { type: 'string', format: 'date-time' } },
        required: ['plan'],
      },
    },
    exit,
  ],
};
