import { journeyErrorResponse } from '../../../lib/journey-error-response';
import { journeys } from '../../../lib/journeys';

// Runs as well on the Node runtime: the same code, core's undici transport instead of fetch.
export const runtime = 'edge';

/** Awaits the journey: the answer says whether the reset email is on its way. */
export async function POST(request: Request): Promise<Response> {
  const { email } = (await request.json()) as { email?: unknown };
  const token = crypto.randomUUID(); // stored with the user in a real app
  try {
    const { runId } = await journeys().invoke(
      'password-reset',
      { profile: { email: String(email ?? '') }, data: { reset_url: `https://example.com/reset/${token}` } },
      { idempotencyKey: `password-reset-${token}` },
    );
    return Response.json({ runId }, { status: 202 });
  } catch (error) {
    return journeyErrorResponse(error);
  }
}
