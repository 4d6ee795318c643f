import type { Metadata } from 'next';
import { Card, PageHeader } from '@/components/ui/card';
import { SshKeyForm } from '@/components/account/ssh-key-form';
import { SshKeyList } from '@/components/account/ssh-key-list';
import { pageUser } from '@/lib/auth/page';
import { listMySshKeys } from '@/lib/ssh-keys/service';
import { addSshKeyAction, deleteSshKeyAction } from './actions';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';

export const metadata: Metadata = { title: 'SSH keys' };

export default async function SshKeysPage() {
  const user = await pageUser();
  const keys = await listMySshKeys(user);
  return (
    <>
      <Breadcrumbs items={[{ label: 'Your account' }, { label: 'SSH keys' }]} />
      <PageHeader title="SSH keys" description="Your public keys, offered when you create a VM. A VM keeps the keys it was created with." />
      <div className="space-y-6">
        <Card title="Your keys">
          <SshKeyList keys={keys} deleteAction={deleteSshKeyAction} />
        </Card>
        <Card title="Add a key">
          <SshKeyForm action={addSshKeyAction} />
        </Card>
      </div>
    </>
  );
}
