import { JourneysValidationError, type ValidationIssue } from './errors.js';

/** How many problems a validation error lists; the rest are counted ("and N more"). */
export const MAX_LISTED_ISSUES = 20;

/**
 * The problems found in one call. A million bad values must not make a million issue objects (or
 * a 95 MB message): the first {@link MAX_LISTED_ISSUES} are kept with their paths, the rest counted.
 */
export class IssueList {
  readonly listed: ValidationIssue[] = [];
  unlisted = 0;

  add(path: readonly (string | number)[], message: string): void {
    if (this.listed.length < MAX_LISTED_ISSUES) this.listed.push({ path: path.slice(), message });
    else this.unlisted++;
  }

  get count(): number {
    return this.listed.length + this.unlisted;
  }
}

/**
 * Throws the problems found as one `JourneysValidationError` (nothing was sent). `templateId` names
 * the journey when it is a string; `call` names what was invalid (default: a journey invocation).
 *
 * @example
 * ```ts
 * if (issues.count > 0) throwIssues(issues, { call: 'cancel' });
 * ```
 */
export function throwIssues(issues: IssueList, about: { templateId?: unknown; call?: string } = {}): never {
  const templateId = typeof about.templateId === 'string' ? about.templateId : undefined;
  throw new JourneysValidationError(issues.listed, templateId, issues.unlisted, about.call);
}
