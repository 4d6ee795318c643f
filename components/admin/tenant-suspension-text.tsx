// How the admin area shows a tenant's suspension: the status with since when and why (list cell), and a notice on
// the tenant's page.
import { Notice } from '@/components/ui/card';
import { When } from '@/components/ui/locale';

type Suspension = { at: Date; reason: string } | null;

export function TenantStatusText({ status, suspension }: { status: string; suspension: Suspension }) {
  return (
    <>
      <span data-testid="tenant-status">{status}</span>
      {suspension ? (
        <span className="block max-w-xs text-xs text-zinc-600 dark:text-zinc-400" data-testid="tenant-suspension">
          since <When at={suspension.at} />: {suspension.reason}
        </span>
      ) : null}
    </>
  );
}

export function TenantSuspensionNotice({ suspension }: { suspension: NonNullable<Suspension> }) {
  return (
    <Notice tone="warning">
      <span data-testid="tenant-suspension">
        Suspended since <When at={suspension.at} />. Reason: {suspension.reason}. Its instances are
        stopped and its functions do not run; its members can read, stop and delete.
      </span>
    </Notice>
  );
}
