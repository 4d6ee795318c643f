// Coded domain errors. Domain code throws AppError; lib/http.ts turns it into an RFC 9457 problem, lib/actions.ts
// into a form error next to the field. The code is stable API; the message is for people.
import { z } from 'zod';

export type ErrorCode =
  | 'validation_failed'
  | 'invalid_characters'
  | 'unauthenticated'
  | 'invalid_token'
  | 'token_not_allowed'
  | 'not_found'
  | 'forbidden'
  | 'conflict'
  | 'rate_limited'
  | 'last_owner'
  | 'last_platform_admin'
  | 'signup_disabled'
  | 'tenant_suspended'
  | 'quota_exceeded'
  | 'invalid_state'
  | 'budget_exceeded'
  | 'invalid_code'
  | 'code_too_large'
  | 'invalid_ssh_key'
  | 'invalid_build_context'
  | 'invalid_git_source'
  | 'duplicate_ssh_key'
  | 'cross_site_request'
  | 'unsupported_media_type'
  | 'invalid_cursor'
  | 'invalid_idempotency_key'
  | 'idempotency_key_reused'
  | 'idempotency_in_progress'
  | 'image_in_use'
  | 'registry_unavailable'
  | 'image_not_found'
  | 'image_not_allowed'
  | 'internal';

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_characters: 400,
  unauthenticated: 401,
  invalid_token: 401,
  token_not_allowed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  last_owner: 409,
  last_platform_admin: 409,
  rate_limited: 429,
  signup_disabled: 403,
  tenant_suspended: 409,
  quota_exceeded: 409,
  invalid_state: 409,
  budget_exceeded: 409,
  invalid_code: 422,
  code_too_large: 413,
  invalid_ssh_key: 400,
  invalid_build_context: 422,
  invalid_git_source: 422,
  duplicate_ssh_key: 409,
  cross_site_request: 403,
  unsupported_media_type: 415,
  invalid_cursor: 400,
  invalid_idempotency_key: 400,
  idempotency_key_reused: 422,
  idempotency_in_progress: 409,
  image_in_use: 409,
  registry_unavailable: 503,
  image_not_found: 422,
  image_not_allowed: 403,
  internal: 500,
};

/** Every stable code with its HTTP status (the OpenAPI document lists them: lib/api/openapi). */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = STATUS;

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Per-field messages, keyed by the input's name. */
    readonly fields: Record<string, string> = {},
    /** Extra members of the problem document (e.g. the line of a syntax error). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
  get status(): number {
    return STATUS[this.code];
  }
}

/** A 404 that reveals nothing: used for other tenants' resources as well as for missing ones. */
export function notFoundError(what = 'resource'): AppError {
  return new AppError('not_found', `No such ${what}.`);
}

/** Parses input with a zod schema, or throws a validation AppError with one message per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    // Strict objects name each field they do not know (an API client's typo is not silently dropped).
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) fields[[...issue.path, k].join('.')] ??= 'Unknown field.';
      continue;
    }
    const key = issue.path.join('.') || '_';
    fields[key] ??= issue.message;
    // Forms show one message per input: `ports.2` is also reported as `ports`.
    if (issue.path.length > 1) fields[String(issue.path[0])] ??= issue.message;
  }
  throw new AppError('validation_failed', 'Some fields need attention.', fields);
}
