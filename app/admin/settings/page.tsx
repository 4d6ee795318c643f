import type { Metadata } from 'next';
import { Card, PageHeader } from '@/components/ui/card';
import { SignupToggle } from '@/components/admin/signup-toggle';
import { pageAdmin } from '@/lib/auth/page';
import { isSignupEnabled } from '@/lib/admin/settings';
import { EgressSettings } from '@/components/admin/egress-settings';
import { egressView } from '@/lib/admin/egress';
import { formatEgressLines } from '@/lib/admin/egress-input';
import { setEgressAction } from '../egress-actions';
import { setAppsAddressAction, setSignupAction } from '../actions';
import { AppsAddressForm } from '@/components/admin/apps-address-form';
import { appsAddress } from '@/lib/admin/apps-address';
import { AuditRetentionForm } from '@/components/audit/retention-form';
import { auditRetentionDays, MAX_AUDIT_RETENTION_DAYS } from '@/lib/audit/retention';
import { setAuditRetentionAction } from '../audit-actions';

export const metadata: Metadata = { title: 'Admin · Settings' };

export default async function AdminSettingsPage() {
  await pageAdmin();
  const egress = await egressView();
  return (
    <>
      <PageHeader title="Platform settings" />
      <Card title="Sign-up">
        <SignupToggle action={setSignupAction} enabled={await isSignupEnabled()} />
      </Card>
      <Card title="Network egress" className="mt-6">
        <EgressSettings
          action={setEgressAction}
          lines={formatEgressLines(egress.exceptions)}
          blocked={egress.blocked}
          resolvers={egress.resolvers}
          applied={egress.applied}
        />
      </Card>
      <AppsAddressCard />
      <Card title="Audit log" className="mt-6">
        <AuditRetentionForm action={setAuditRetentionAction} days={await auditRetentionDays()} max={MAX_AUDIT_RETENTION_DAYS} />
      </Card>
    </>
  );
}

async function AppsAddressCard() {
  const apps = await appsAddress();
  return (
    <Card title="Apps address">
      <AppsAddressForm action={setAppsAddressAction} configured={apps.configured} defaults={apps.defaults} />
    </Card>
  );
}
