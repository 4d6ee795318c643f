// Server-action plumbing: a form action returns a FormState that the form shows next to its fields.
import 'server-only';
import { randomUUID } from 'node:crypto';
import { unstable_rethrow } from 'next/navigation';
import { AppError } from '@/lib/errors';
import type { FormState } from '@/lib/form-state';

export type { FormState } from '@/lib/form-state';

const SECRET_FIELDS = new Set(['password', 'currentPassword', 'token']);

export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of formData.entries()) {
    if (typeof v === 'string' && !k.startsWith('$') && !SECRET_FIELDS.has(k)) values[k] = v;
  }
  return values;
}

/** Runs `fn`; AppErrors become a FormState, Next's redirect/notFound pass through, anything else is logged. */
export async function runFormAction(
  formData: FormData,
  fn: () => Promise<FormState | void>,
): Promise<FormState> {
  const at = Date.now();
  try {
    return { ok: true, ...(await fn()), at };
  } catch (err) {
    unstable_rethrow(err);
    const values = formValues(formData);
    if (err instanceof AppError) return { ok: false, message: err.message, fields: err.fields, values, at };
    const errorId = randomUUID();
    console.error(`[action] failed (error id ${errorId})`, err);
    return { ok: false, message: `Something went wrong on our side (error id ${errorId}).`, values, at };
  }
}
