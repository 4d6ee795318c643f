import type { Metadata } from 'next';
import { AuthCard } from '@/components/auth/auth-card';
import { ResetPasswordForm } from '@/components/auth/reset-password-form';
import { Notice } from '@/components/ui/card';
import { previewPasswordReset } from '@/lib/auth/password-reset';

export const metadata: Metadata = { title: 'Set a new password' };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const reset = await previewPasswordReset(token);
  if (!reset) {
    return (
      <AuthCard title="Reset link not valid">
        <Notice tone="warning">
          This password reset link does not work: it may have expired or already been used. Ask your platform
          administrator for a new one.
        </Notice>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Set a new password">
      <p className="mb-4 text-sm text-zinc-700 dark:text-zinc-300">
        For <strong>{reset.email}</strong>. Setting it signs this account out everywhere.
      </p>
      <ResetPasswordForm token={token} email={reset.email} />
    </AuthCard>
  );
}
