// Server-action plumbing: a form action returns a FormState that the form shows next to its fields.
import 'server-only';
import { randomUUID } from 'node:crypto';
import { unstable_rethrow } from 'next/navigation';
import { headers } from 'next/headers';
import { clientAddressFrom, withRequestAudit } from '@/lib/audit/context';
import { auditEndedRequest } from '@/lib/audit/refusals';
import { AppError } from '@/lib/errors';
import { assertCleanForm, replaceInvalidText } from '@/lib/server/input-guard';
import type { FormState } from '@/lib/form-state';

export type { FormState } from '@/lib/form-state';

const SECRET_FIELDS = new Set(['password', 'currentPassword', 'confirmPassword', 'token']);

export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of formData.entries()) {
    // Echoed back into the form, so without what cannot be stored or sent (see lib/server/input-guard.ts).
    if (typeof v === 'string' && !k.startsWith('$') && !SECRET_FIELDS.has(k)) values[k] = replaceInvalidText(v);
  }
  return values;
}

/** The action's request headers; null when called outside a request (a script or a test). */
async function requestHeaders(): Promise<Headers | null> {
  try {
    return await headers();
  } catch {
    return null;
  }
}

/**
 * Runs `fn`; AppErrors become a FormState, Next's redirect/notFound pass through, anything else is logged. Text the
 * database cannot store (NUL, broken Unicode) is refused first, as a message next to its field. The request's client
 * address goes to the audit log, as do writes the authorization layer refused or that failed (lib/audit/refusals.ts).
 */
export async function runFormAction(
  formData: FormData,
  fn: () => Promise<FormState | void>,
): Promise<FormState> {
  const at = Date.now();
  const h = await requestHeaders();
  return withRequestAudit({ clientAddress: h ? clientAddressFrom(h) : null }, async () => {
    try {
      assertCleanForm(formData);
      return { ok: true, ...(await fn()), at };
    } catch (err) {
      unstable_rethrow(err);
      const values = formValues(formData);
      // A server action posts to the page it was sent from.
      let page = '';
      try {
        page = new URL(h?.get('referer') ?? '').pathname;
      } catch {}
      const action = page ? `form ${page}` : 'form';
      if (err instanceof AppError) {
        await auditEndedRequest({ method: 'POST', action, path: page, error: err });
        return { ok: false, message: err.message, fields: err.fields, values, at };
      }
      const errorId = randomUUID();
      console.error(`[action] failed (error id ${errorId})`, err);
      await auditEndedRequest({ method: 'POST', action, path: page, error: err, errorId });
      return { ok: false, message: `Something went wrong on our side (error id ${errorId}).`, values, at };
    }
  });
}
