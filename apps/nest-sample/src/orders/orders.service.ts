import { Injectable } from '@nestjs/common';
import type { RegisteredCatalog, TypedJourneysInvoker } from '@journeykit/core';
import { InjectJourneys } from '@journeykit/nestjs';
import type { OrderPlacedData } from '../journeys.js';

export interface OrderInput {
  orderId: string;
  userId: string;
  total: number;
  items?: OrderPlacedData['items'];
}

/**
 * Starts the order-placed journey. Injects the invoker by token, typed by the app's catalog
 * (`TypedJourneysInvoker<RegisteredCatalog>`) rather than by the service class.
 */
@Injectable()
export class OrdersService {
  constructor(@InjectJourneys() private readonly journeys: TypedJourneysInvoker<RegisteredCatalog>) {}

  /**
   * The idempotency key is derived from the order, so placing the same order twice (a client
   * retry, a double click) starts one journey run: Courier replays the first answer. The order
   * comes from a request body nothing has checked yet, hence the guard before it becomes a key.
   */
  async placed(order: OrderInput): Promise<{ orderId: string; runId: string }> {
    const { runId } = await this.journeys.invoke(
      'order-placed',
      { user_id: order.userId, data: { order_id: order.orderId, total: order.total, items: order.items ?? [] } },
      typeof order.orderId === 'string' && order.orderId !== '' ? { idempotencyKey: `order-${order.orderId}-placed` } : {},
    );
    return { orderId: order.orderId, runId };
  }
}
