import { randomUUID } from 'node:crypto';

export interface User {
  id: string;
  email: string;
  name: string;
  plan: 'free' | 'pro';
}

export interface Order {
  id: string;
  userId: string;
  total_cents: number;
  status: 'placed' | 'cancelled';
}

/** An in-memory stand-in for the app's database: enough to make the routes real. */
export class Store {
  readonly #users = new Map<string, User>();
  readonly #orders = new Map<string, Order>();
  #orderNumber = 1000;

  findUser(id: string): User | undefined {
    return this.#users.get(id);
  }

  /** Returns undefined when the email is taken. */
  createUser(fields: Omit<User, 'id'>): User | undefined {
    const email = fields.email.toLowerCase();
    for (const user of this.#users.values()) if (user.email === email) return undefined;
    const user: User = { ...fields, email, id: `usr_${randomUUID().slice(0, 8)}` };
    this.#users.set(user.id, user);
    return user;
  }

  placeOrder(userId: string, total_cents: number): Order {
    const order: Order = { id: `ord_${++this.#orderNumber}`, userId, total_cents, status: 'placed' };
    this.#orders.set(order.id, order);
    return order;
  }

  /** The user's order, or undefined when there is none of that id for that user. */
  findOrder(userId: string, id: string): Order | undefined {
    const order = this.#orders.get(id);
    return order?.userId === userId ? order : undefined;
  }
}
