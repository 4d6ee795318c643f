import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { LoginForm } from '@/components/auth/login-form';
import { currentUser } from '@/lib/auth/session';
import { isSignupEnabled } from '@/lib/admin/settings';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if (await currentUser()) redirect('/');
  const { next } = await searchParams;
  const signup = await isSignupEnabled();
  return (
    <AuthCard
      title="Sign in to Overcast"
      footer={
        signup ? (
          <>
            New here?{' '}
            <Link className="font-medium text-sky-700 underline dark:text-sky-400" href="/signup">
              Create an account
            </Link>
          </>
        ) : null
      }
    >
      <LoginForm next={next} />
    </AuthCard>
  );
}
