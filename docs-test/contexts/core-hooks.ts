// Context of the core README's hooks fragment: the client, and stand-ins for the app's logger and metrics.
import { JourneysClient } from '@journeykit/core';

const logger = {
  warn: (fields: object, message: string): void => void [fields, message],
  error: (fields: object, message: string): void => void [fields, message],
};
const metrics = { observe: (name: string, value: number, labels: object): void => void [name, value, labels] };
