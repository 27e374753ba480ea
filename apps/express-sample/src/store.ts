import { randomBytes, randomUUID } from 'node:crypto';

export interface User {
  id: string;
  email: string;
  name: string;
  plan: 'free' | 'pro';
}

/** One line of an order: a type alias, not an interface, so it fits the pulled schema's open object type (`[k: string]: unknown`). */
export type OrderItem = {
  sku: string;
  quantity: number;
  price_cents: number;
};

export interface Order {
  id: string;
  userId: string;
  items: OrderItem[];
  total_cents: number;
  placedAt: string;
  status: 'placed' | 'cancelled';
}

export interface ResetToken {
  token: string;
  userId: string;
  expiresAt: string;
}

/** An in-memory stand-in for the app's database: enough to make the routes real. */
export class Store {
  readonly #users = new Map<string, User>();
  readonly #orders = new Map<string, Order>();
  readonly #resets = new Map<string, ResetToken>();
  #orderNumber = 1000;

  findUser(id: string): User | undefined {
    return this.#users.get(id);
  }

  findUserByEmail(email: string): User | undefined {
    const wanted = email.toLowerCase();
    for (const user of this.#users.values()) if (user.email === wanted) return user;
    return undefined;
  }

  /** Returns undefined when the email is taken. */
  createUser(fields: Omit<User, 'id'>): User | undefined {
    if (this.findUserByEmail(fields.email) !== undefined) return undefined;
    const user: User = { ...fields, email: fields.email.toLowerCase(), id: `usr_${randomUUID().slice(0, 8)}` };
    this.#users.set(user.id, user);
    return user;
  }

  placeOrder(userId: string, items: OrderItem[]): Order {
    const order: Order = {
      id: `ord_${++this.#orderNumber}`,
      userId,
      items,
      total_cents: items.reduce((sum, item) => sum + item.quantity * item.price_cents, 0),
      placedAt: new Date().toISOString(),
      status: 'placed',
    };
    this.#orders.set(order.id, order);
    return order;
  }

  findOrder(id: string): Order | undefined {
    return this.#orders.get(id);
  }

  /** Marks the order cancelled; returns it, or undefined when it was already cancelled. */
  cancelOrder(id: string): Order | undefined {
    const order = this.#orders.get(id);
    if (order === undefined || order.status === 'cancelled') return undefined;
    order.status = 'cancelled';
    return order;
  }

  createResetToken(userId: string, ttlMs = 60 * 60 * 1000): ResetToken {
    const reset: ResetToken = {
      token: randomBytes(16).toString('hex'),
      userId,
      expiresAt: new Date(Date.now() + ttlMs).toISOString(),
    };
    this.#resets.set(reset.token, reset);
    return reset;
  }
}
