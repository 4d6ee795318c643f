// The signed-in user's own settings (not an organisation's), in the console's frame.
import type { ReactNode } from 'react';
import { RememberedTenantShell } from '@/components/shell/remembered-tenant-shell';

export default function AccountLayout({ children }: { children: ReactNode }) {
  return <RememberedTenantShell>{children}</RememberedTenantShell>;
}
