import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { SignupForm } from '@/components/auth/signup-form';
import { Notice } from '@/components/ui/card';
import { currentUser } from '@/lib/auth/session';
import { isSignupEnabled } from '@/lib/admin/settings';

export const metadata: Metadata = { title: 'Create account' };

export default async function SignupPage() {
  if (await currentUser()) redirect('/');
  const enabled = await isSignupEnabled();
  return (
    <AuthCard
      title="Create your Overcast account"
      footer={
        <>
          Already have an account?{' '}
          <Link className="font-medium text-sky-700 underline dark:text-sky-400" href="/login">
            Sign in
          </Link>
        </>
      }
    >
      {enabled ? (
        <SignupForm />
      ) : (
        <Notice>Sign-up is switched off on this console. Ask an administrator of your organisation for an invitation.</Notice>
      )}
    </AuthCard>
  );
}
