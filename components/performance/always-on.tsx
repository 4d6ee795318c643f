// On a function's page: its metered month so far, priced as a function, against an always-on container with its
// memory ("as an always-on c1.small this would cost …"), so the trade-off is read from real usage.
import { formatMoney } from '@/lib/billing/units';
import { Card } from '@/components/ui/card';
import type { functionAlwaysOn } from '@/lib/performance/service';

type Data = Awaited<ReturnType<typeof functionAlwaysOn>>;

export function AlwaysOnCard({ data }: { data: Data }) {
  const money = (m: number) => formatMoney(m, data.currency, data.minorUnits);
  const a = data.alwaysOn;
  return (
    <Card title="As an always-on container" className="mt-6">
      <div className="space-y-2 text-sm" data-testid="always-on">
        <p>
          This month so far ({data.month}, UTC): {data.requests.toLocaleString('en-US')} {data.requests === 1 ? 'request' : 'requests'} and{' '}
          {data.gbSeconds.toLocaleString('en-US')} GB-seconds metered
          {data.functionMinor !== null ? (
            <>
              , <strong>{money(data.functionMinor)}</strong> as a function (on its own, with the month’s free allowances)
            </>
          ) : null}
          .
        </p>
        {a && a.monthToDateMinor !== null && a.monthlyMinor !== null ? (
          <p>
            As an always-on {a.flavor.name} ({a.flavor.vcpus} vCPU, {a.flavor.memoryMib} MiB) this would have cost <strong>{money(a.monthToDateMinor)}</strong> so far, and{' '}
            {money(a.monthlyMinor)} for a whole month, whatever the traffic.
            {data.functionMinor !== null ? (data.functionMinor <= a.monthToDateMinor ? ' The function is cheaper at this volume.' : ' The container would be cheaper at this volume.') : null}
          </p>
        ) : (
          <p className="text-zinc-600 dark:text-zinc-400">No container flavor with {data.memoryMib} MiB is priced in “{data.catalog}”.</p>
        )}
      </div>
    </Card>
  );
}
