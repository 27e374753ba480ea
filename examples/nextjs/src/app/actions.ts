'use server';

import { isJourneysError, JourneysValidationError, type ValidationIssue } from '@journeykit/core';
import { journeys } from '../lib/journeys';

export type InviteResult = { ok: true; runId: string } | { ok: false; error: string; issues?: ValidationIssue[] };

/**
 * A server action (`<form action={invite}>`): it returns what the form shows, because an error thrown
 * from an action reaches the browser only as a generic failure. Runs on the runtime of the page that
 * uses it, Node or edge.
 */
export async function invite(form: FormData): Promise<InviteResult> {
  try {
    const { runId } = await journeys().invoke('invite', { profile: { email: String(form.get('email') ?? '') } });
    return { ok: true, runId };
  } catch (error) {
    if (error instanceof JourneysValidationError) return { ok: false, error: 'Check the email address', issues: error.issues };
    if (isJourneysError(error)) return { ok: false, error: 'Invites are unavailable right now, try again later' };
    throw error;
  }
}
