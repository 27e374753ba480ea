import express from 'express';
import { journeys } from '@journeykit/express';

      const app = express();
      app.use(journeys({ apiKey: 'k' }));
      app.post('/', async (req, res) => {
        const { runId }: { runId: string } = await req.journeys.invoke('welcome', { user_id: 'u1' });
        res.json({ runId });
      });
      app.get('/wrong', (req) => {
        void req.journeys.invoke(42, {});
      });
    