import { randomUUID } from 'node:crypto';

export interface User {
  id: string;
  email: string;
  plan: 'free' | 'pro';
}

export interface Order {
  id: string;
  userId: string;
  total_cents: number;
  status: 'placed' | 'cancelled';
}

/** An in-memory stand-in for the app's database. */
export class Store {
  readonly #users = new Map<string, User>();
  readonly #orders = new Map<string, Order>();
  #orderNumber = 1000;

  findUser(id: string): User | undefined {
    return this.#users.get(id);
  }

  findUserByEmail(email: string): User | undefined {
    return [...this.#users.values()].find((user) => user.email === email.toLowerCase());
  }

  /** Undefined when the email is taken. */
  createUser(email: string, plan: User['plan']): User | undefined {
    if (this.findUserByEmail(email) !== undefined) return undefined;
    const user: User = { id: `usr_${randomUUID().slice(0, 8)}`, email: email.toLowerCase(), plan };
    this.#users.set(user.id, user);
    return user;
  }

  placeOrder(userId: string, total_cents: number): Order {
    const order: Order = { id: `ord_${++this.#orderNumber}`, userId, total_cents, status: 'placed' };
    this.#orders.set(order.id, order);
    return order;
  }

  /** The user's order, marked cancelled; undefined when there is no such order of theirs or it was cancelled already. */
  cancelOrder(userId: string, id: string): Order | undefined {
    const order = this.#orders.get(id);
    if (order === undefined || order.userId !== userId || order.status === 'cancelled') return undefined;
    order.status = 'cancelled';
    return order;
  }
}
