import type { Metadata } from 'next';
import { Card, PageHeader } from '@/components/ui/card';
import { SignupToggle } from '@/components/admin/signup-toggle';
import { pageAdmin } from '@/lib/auth/page';
import { isSignupEnabled } from '@/lib/admin/settings';
import { setSignupAction } from '../actions';

export const metadata: Metadata = { title: 'Admin · Settings' };

export default async function AdminSettingsPage() {
  await pageAdmin();
  return (
    <>
      <PageHeader title="Platform settings" />
      <Card title="Sign-up">
        <SignupToggle action={setSignupAction} enabled={await isSignupEnabled()} />
      </Card>
    </>
  );
}
