import { Body, Controller, Post } from '@nestjs/common';
import { OrdersService, type OrderInput } from './orders.service.js';

@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  /**
   * `POST /orders {"orderId": "o-1", "userId": "u-1", "total": 42}` → 201 `{ orderId, runId }`.
   * The body is typed, not checked: journeykit and the journey catalog check it (400 otherwise).
   */
  @Post()
  place(@Body() body: OrderInput | undefined): Promise<{ orderId: string; runId: string }> {
    // No body at all (no content-type) arrives as undefined: journeykit then reports what is missing.
    return this.orders.placed(body ?? ({} as OrderInput));
  }
}
