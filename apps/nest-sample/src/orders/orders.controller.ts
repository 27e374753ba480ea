import { Body, Controller, Post } from '@nestjs/common';
import { OrdersService, type OrderInput } from './orders.service.js';

@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  /** `POST /orders {"orderId": "o-1", "userId": "u-1", "total": 42}` → 201 `{ orderId, runId }`. */
  @Post()
  place(@Body() body: OrderInput = {}): Promise<{ orderId: unknown; runId: string }> {
    return this.orders.placed(body ?? {});
  }
}
