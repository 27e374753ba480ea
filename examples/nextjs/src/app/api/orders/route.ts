import { isJourneysError } from '@journeykit/core';
import { database } from '../../../lib/database';
import { journeyErrorResponse } from '../../../lib/journey-error-response';

// The outbox needs pg and pg-boss: Node runtime only.
export const runtime = 'nodejs';

/**
 * Stores the order and the order-placed journey in one transaction: both are kept, or neither is. A
 * worker delivers the journey, retrying while Courier is down, with the key fixed here.
 */
export async function POST(request: Request): Promise<Response> {
  const { user_id, email, total_cents } = (await request.json()) as { user_id: string; email: string; total_cents: number };
  const { pool, outbox } = await database();
  const tx = await pool.connect();
  try {
    await tx.query('BEGIN');
    const { rows } = await tx.query<{ id: string }>('INSERT INTO orders (user_id, total_cents) VALUES ($1, $2) RETURNING id::text', [
      user_id,
      total_cents,
    ]);
    const order = { id: rows[0]!.id, user_id, total_cents };
    await outbox.enqueue(
      'order-placed',
      { user_id, profile: { email }, data: { order_id: order.id, total_cents } },
      { db: tx, idempotencyKey: `order-${order.id}-placed` },
    );
    await tx.query('COMMIT');
    return Response.json(order, { status: 201 });
  } catch (error) {
    await tx.query('ROLLBACK');
    if (isJourneysError(error)) return journeyErrorResponse(error); // e.g. a bad email: 400, no order, no job
    throw error;
  } finally {
    tx.release();
  }
}
