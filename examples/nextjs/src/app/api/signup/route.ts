import { after } from 'next/server';
import { startWelcome } from '../../../lib/welcome';

// after() works on both runtimes; the Node runtime is this app's choice for its database access.
export const runtime = 'nodejs';

/** Signs a user up and answers at once; the welcome journey starts after the response is sent. */
export async function POST(request: Request): Promise<Response> {
  const { email } = (await request.json()) as { email?: unknown };
  if (typeof email !== 'string' || !email.includes('@')) {
    return Response.json({ error: 'invalid', issues: [{ path: ['email'], message: 'an email address' }] }, { status: 400 });
  }
  const user = { id: crypto.randomUUID(), email }; // your database insert
  after(() => startWelcome(user));
  return Response.json(user, { status: 201 });
}
