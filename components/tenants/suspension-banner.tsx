// The banner every page of a suspended organisation shows its members: since when, why, and what still works.
import { Notice } from '@/components/ui/card';
import { When } from '@/components/ui/locale';

export function SuspensionBanner({ since, reason }: { since: Date | null; reason: string | null }) {
  return (
    <Notice tone="warning">
      <span data-testid="suspension-banner">
        <strong className="font-semibold">This organisation is suspended</strong>
        {since ? (
          <>
            {' '}
            since <When at={since} />
          </>
        ) : null}
        {reason ? <> — reason: {reason}</> : null}. Its running instances were stopped and its functions do not run. You can
        view, stop and delete; creating and starting are disabled until a platform admin reactivates it. A stopped VM’s disk
        is still billed at the disk price until the VM is deleted.
      </span>
    </Notice>
  );
}
