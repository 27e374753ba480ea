import { Injectable } from '@nestjs/common';
import { InjectJourneys, type JourneysInvoker } from '@journeykit/nestjs';

export interface OrderInput {
  orderId?: unknown;
  userId?: unknown;
  total?: unknown;
  items?: unknown;
}

/** Starts the order-placed journey. Injects the invoker by token, typed as the interface. */
@Injectable()
export class OrdersService {
  constructor(@InjectJourneys() private readonly journeys: JourneysInvoker) {}

  /**
   * The idempotency key is derived from the order, so placing the same order twice (a client
   * retry, a double click) starts one journey run: Courier replays the first answer.
   */
  async placed(input: OrderInput): Promise<{ orderId: unknown; runId: string }> {
    const { runId } = await this.journeys.invoke(
      'order-placed',
      { user_id: input.userId as string, data: { order_id: input.orderId, total: input.total, items: input.items ?? [] } },
      typeof input.orderId === 'string' && input.orderId !== '' ? { idempotencyKey: `order-${input.orderId}-placed` } : {},
    );
    return { orderId: input.orderId, runId };
  }
}
