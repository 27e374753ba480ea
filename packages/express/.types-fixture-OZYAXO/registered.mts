import express from 'express';
import { journeys } from '@journeykit/express';
import { defineJourneys } from '@journeykit/core';

        const catalog = defineJourneys({ welcome: {} });
        declare module '@journeykit/core' {
          interface Register {
            catalog: typeof catalog;
          }
        }
        const app = express();
        app.use(journeys({ apiKey: 'k', catalog }));
        app.post('/', async (req, res) => {
          const { runId }: { runId: string } = await req.journeys.invoke('welcome', { user_id: 'u1' });
          await req.journeys.untyped.invoke('beta-journey', { user_id: 'u1' });
          res.json({ runId });
        });
        app.get('/wrong', (req) => {
          void req.journeys.invoke('beta-journey', {});
        });
      