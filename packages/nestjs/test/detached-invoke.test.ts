import type { InvokeRequest, JourneysInvoker } from '@journeykit/core';
import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';
import { JourneysModule, JourneysService } from '../src/index.js';

describe('JourneysService methods work detached', () => {
  it('const { invoke } = journeysService; ids.map(...) call the client like method calls', async () => {
    const calls: [string, InvokeRequest][] = [];
    const client: JourneysInvoker = {
      invoke: async (templateId, request) => {
        calls.push([templateId, request]);
        return { runId: `run-${calls.length}` };
      },
    };
    const moduleRef = await Test.createTestingModule({ imports: [JourneysModule.forRoot({ client })] }).compile();
    try {
      const { invoke } = moduleRef.get(JourneysService);
      await expect(invoke('welcome', { user_id: 'u1' })).resolves.toEqual({ runId: 'run-1' });
      const more = await Promise.all(['u2', 'u3'].map((id) => invoke.call(undefined, 'welcome', { user_id: id })));
      expect(more).toEqual([{ runId: 'run-2' }, { runId: 'run-3' }]);
      expect(calls.map(([, request]) => request.user_id)).toEqual(['u1', 'u2', 'u3']);
    } finally {
      await moduleRef.close();
    }
  });
});
