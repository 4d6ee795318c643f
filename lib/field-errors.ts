// Collects the field errors of every check of one request, so that a form or an API client hears about all of them
// at once rather than one round at a time. A check that throws a coded AppError with field messages is recorded and
// the next runs; anything else (a bug, a database failure, an error without fields) is thrown as it is.
import { AppError } from '@/lib/errors';

export class FieldErrors {
  private readonly fields: Record<string, string> = {};
  private readonly errors: AppError[] = [];

  constructor(fields: Record<string, string> = {}) {
    this.add(fields);
  }

  /** Field messages found elsewhere (e.g. a form's own parsing); the first message for a field wins. */
  add(fields: Record<string, string>): void {
    for (const [k, v] of Object.entries(fields)) this.fields[k] ??= v;
  }

  has(field: string): boolean {
    return field in this.fields;
  }

  /** Runs `fn`; a field error it throws is kept (and undefined returned) so that the other checks still run. */
  async check<T>(fn: () => T | Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof AppError) || Object.keys(err.fields).length === 0 || err.status >= 500) throw err;
      this.errors.push(err);
      this.add(err.fields);
      return undefined;
    }
  }

  /**
   * Throws when anything was found: one error as it was thrown (its stable code — conflict, invalid_code … — kept),
   * several as one validation_failed naming every field (with the details, such as a code error's line, of each).
   */
  throwIfAny(): void {
    if (Object.keys(this.fields).length === 0) return;
    const only = this.errors.length === 1 && Object.keys(this.fields).every((k) => k in this.errors[0]!.fields) ? this.errors[0] : null;
    if (only) throw only;
    const details = Object.assign({}, ...this.errors.map((e) => e.details)) as Record<string, unknown>;
    throw new AppError('validation_failed', 'Some fields need attention.', { ...this.fields }, details);
  }
}
