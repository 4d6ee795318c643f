'use server';
// Sign-in, sign-up, sign-out and invitation acceptance as server actions.
import { CredentialsSignin } from 'next-auth';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { signIn, signOut } from '@/lib/auth/auth';
import { runFormAction, type FormState } from '@/lib/actions';
import { AppError, parseInput } from '@/lib/errors';
import { signUp } from '@/lib/tenants/sign-up';
import { acceptInvitation } from '@/lib/tenants/invitations';
import { currentSessionId, currentUser } from '@/lib/auth/session';
import { revokeSession } from '@/lib/auth/sessions';
import { env } from '@/lib/env';
import { ZEmail } from '@/lib/tenants/schemas';

const ZSignIn = z.object({ email: ZEmail, password: z.string().min(1, { error: 'Enter your password.' }) });

/** Only same-site paths are followed after sign-in (no open redirect). */
function safeNext(value: FormDataEntryValue | null): string {
  const v = typeof value === 'string' ? value : '';
  return v.startsWith('/') && !v.startsWith('//') && !v.startsWith('/\\') ? v : '/';
}

async function signInWith(email: string, password: string, redirectTo: string): Promise<never> {
  try {
    await signIn('credentials', { email, password, redirectTo });
  } catch (err) {
    if (err instanceof CredentialsSignin) {
      const minutes = env().OVERCAST_LOGIN_WINDOW_MINUTES;
      if (err.code === 'rate_limited') {
        throw new AppError('rate_limited', `Too many failed sign-ins for this email from your address. Wait ${minutes} minutes and try again.`);
      }
      if (err.code === 'address_rate_limited') {
        throw new AppError('rate_limited', `Too many failed sign-ins from your address. Wait ${minutes} minutes and try again.`);
      }
      if (err.code === 'account_disabled') {
        throw new AppError('forbidden', 'This account is disabled. Ask the platform administrator.');
      }
      throw new AppError('unauthenticated', 'Wrong email or password.');
    }
    throw err; // includes Next's redirect on success
  }
  throw new Error('signIn returned without redirecting');
}

export async function signInAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, async () => {
    const { email, password } = parseInput(ZSignIn, { email: formData.get('email'), password: formData.get('password') });
    await signInWith(email, password, safeNext(formData.get('next')));
  });
}

export async function signUpAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, async () => {
    const input = {
      name: formData.get('name'),
      email: formData.get('email'),
      password: formData.get('password'),
      organisation: formData.get('organisation'),
    };
    const { tenantSlug } = await signUp(input);
    await signInWith(String(input.email).trim().toLowerCase(), String(input.password), `/t/${tenantSlug}/dashboard`);
  });
}

export async function signOutAction(): Promise<void> {
  // Auth.js's signOut event revokes the session too, but swallows errors: a failed revoke must not pass as sign-out.
  const sid = await currentSessionId();
  if (sid) await revokeSession(sid);
  await signOut({ redirectTo: '/login' });
}

export async function acceptInviteAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, async () => {
    const token = String(formData.get('token') ?? '');
    const password = formData.get('password');
    const result = await acceptInvitation(token, { name: formData.get('name'), password }, await currentUser());
    if (result.createdAccount) await signInWith(result.email, String(password), `/t/${result.tenantSlug}/dashboard`);
    redirect(`/t/${result.tenantSlug}/dashboard`);
  });
}
