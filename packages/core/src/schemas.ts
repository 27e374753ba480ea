/**
 * zod schemas of the invoke request and response, for users who validate at their own edges
 * (an HTTP body, a queue message) or generate docs. They live on a subpath so that importing
 * `@journeykit/core` does not load zod; `JourneysClient` validates with the same rules without it
 * (a parity test keeps the two in step).
 *
 * @example
 * ```ts
 * import { invokeRequestSchema } from '@journeykit/core/schemas';
 * const parsed = invokeRequestSchema.safeParse(req.body);
 * if (!parsed.success) return res.status(400).json(parsed.error.issues);
 * ```
 */
import { z } from 'zod';
import { hasContactInfo, resolveUserId } from './input/identifiers.js';
import { collectJsonIssues, isPlainObject } from './input/json-values.js';
import type { InvokeRequest, InvokeResponse, Profile } from './contract/types.js';
import { DEFAULT_MAX_REQUEST_BYTES } from './input/validate.js';
import { thrownText } from './shared/thrown-text.js';

const plainObject = (what: string) => z.custom<Record<string, unknown>>((v) => isPlainObject(v), { message: `${what} must be a plain object` });

/** A profile: any plain object of JSON values; contact fields and identifiers are strings when present. */
export const profileSchema = plainObject('profile') as unknown as z.ZodType<Profile>;

/** Journey data: any plain object of JSON values. */
export const dataSchema = plainObject('data') as unknown as z.ZodType<Record<string, unknown>>;

/** Request body of `POST /journeys/{templateId}/invoke`, with Courier's "who is this for" rule. */
export const invokeRequestSchema = z
  .object({
    user_id: z.string().min(1, 'user_id must not be empty').optional(),
    profile: profileSchema.optional(),
    data: dataSchema.optional(),
  })
  .strict()
  .superRefine((req, ctx) => {
    const issues: { path: (string | number)[]; message: string }[] = [];
    try {
      if (req.profile !== undefined) collectJsonIssues(req.profile, ['profile'], issues, DEFAULT_MAX_REQUEST_BYTES);
      if (req.data !== undefined) collectJsonIssues(req.data, ['data'], issues, DEFAULT_MAX_REQUEST_BYTES);
    } catch (err) {
      issues.push({ path: [], message: `the request could not be read: ${thrownText(err)}` });
    }
    for (const issue of issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    if (issues.length === 0 && resolveUserId(req) === undefined && !hasContactInfo(req)) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'needs a user identifier or a profile with a non-empty email or phone_number',
      });
    }
  }) as unknown as z.ZodType<InvokeRequest>;

/** Response body: `{ runId }`. */
export const invokeResponseSchema: z.ZodType<InvokeResponse> = z.object({ runId: z.string().min(1) });
