'use server';
// Server actions of the API tokens page: make one of the signed-in user's tokens (its secret returned once, to be
// shown once), or revoke one. Server actions run from the console's pages with the session: never with a token.
import { revalidatePath } from 'next/cache';
import { runFormAction, type FormState } from '@/lib/actions';
import { requireSessionUser } from '@/lib/auth/session';
import { createApiToken, revokeMyApiToken } from '@/lib/auth/api-tokens';
import { AppError } from '@/lib/errors';

/** The form's value for "a platform-admin token" in the organisation select. */
const PLATFORM = '__platform__';

export async function createApiTokenAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const tenant = String(fd.get('tenant') ?? '');
    const expiry = String(fd.get('expiresInDays') ?? '');
    const input = {
      name: fd.get('name') ?? '',
      ...(tenant === PLATFORM ? { platformAdmin: true } : { tenant, role: fd.get('role') || undefined }),
      ...(expiry && expiry !== 'never' ? { expiresInDays: Number(expiry) } : {}),
    };
    try {
      const { token, secret } = await createApiToken(await requireSessionUser(), input);
      revalidatePath('/account/tokens');
      return { ok: true, message: `Token “${token.name}” made.`, data: { secret, name: token.name } };
    } catch (err) {
      // The form has one control for the organisation, the platform-admin choice included.
      if (err instanceof AppError && err.fields.platformAdmin) {
        throw new AppError(err.code, err.message, { ...err.fields, tenant: err.fields.platformAdmin }, err.details);
      }
      throw err;
    }
  });
}

export async function revokeApiTokenAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const t = await revokeMyApiToken(await requireSessionUser(), String(fd.get('id') ?? ''));
    revalidatePath('/account/tokens');
    return { ok: true, message: `Token “${t.name}” revoked.` };
  });
}
