// Context of an Express fragment: the app it adds routes to, and the middleware factory.
import express from 'express';
import { journeys } from '@journeykit/express';

const app = express();
app.use(express.json());
