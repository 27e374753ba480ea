// Context of the outbox README's fragments: an outbox on an in-memory PGlite (`db`), started, and
// stopped with its pg-boss when the module ends (`await using`), so a fragment runs to its end.
import { PGlite } from '@electric-sql/pglite';
import { JourneysClient } from '@journeykit/core';
import { JourneysOutbox, createEmbeddedBoss } from '@journeykit/outbox';

const db = new PGlite();
await using outbox = new JourneysOutbox({ boss: createEmbeddedBoss(db), client: new JourneysClient() });
await outbox.start();
