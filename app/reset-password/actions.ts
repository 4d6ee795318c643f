'use server';
// Setting a new password through a one-time reset link (public: the link's token is the credential).
import { runFormAction, type FormState } from '@/lib/actions';
import { AppError } from '@/lib/errors';
import { redeemPasswordReset } from '@/lib/auth/password-reset';

export async function resetPasswordAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const password = fd.get('password');
    if (typeof password === 'string' && password !== fd.get('confirmPassword')) {
      throw new AppError('validation_failed', 'The two passwords differ.', { confirmPassword: 'Type the same password twice.' });
    }
    const { email } = await redeemPasswordReset(String(fd.get('token') ?? ''), { password });
    return { ok: true, message: `Your password is set. Sign in as ${email} with it; every earlier session has ended.`, data: { email } };
  });
}
