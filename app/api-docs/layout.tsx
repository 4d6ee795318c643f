// The API reference inside the console's frame, for signed-in users.
import type { ReactNode } from 'react';
import { RememberedTenantShell } from '@/components/shell/remembered-tenant-shell';

export default function ApiDocsLayout({ children }: { children: ReactNode }) {
  return <RememberedTenantShell>{children}</RememberedTenantShell>;
}
