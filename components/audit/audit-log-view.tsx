// The audit log as a page: filters (a plain GET form, so a filtered view is a link), a table of entries newest first,
// a link to older entries (the API's cursor) and the CSV download of everything the filters match.
import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { DataTable } from '@/components/ui/data-table';
import type { AuditEntryView } from '@/lib/audit/query';
import { When } from '@/components/ui/locale';

export type AuditFilterValues = { tenant?: string; actor?: string; action?: string; outcome?: string; from?: string; to?: string };

const OUTCOME_TONE: Record<AuditEntryView['outcome'], string> = {
  success: 'text-emerald-800 dark:text-emerald-300',
  refused: 'text-amber-800 dark:text-amber-300',
  failed: 'text-red-700 dark:text-red-400',
};

function withQuery(path: string, values: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

function details(metadata: unknown): string {
  if (!metadata || (typeof metadata === 'object' && !Object.keys(metadata).length)) return '';
  const s = JSON.stringify(metadata);
  return s.length > 160 ? `${s.slice(0, 157)}…` : s;
}

export function AuditLogView({
  pagePath,
  csvPath,
  values,
  entries,
  nextCursor,
  error,
  showTenant,
}: {
  pagePath: string;
  csvPath: string;
  values: AuditFilterValues;
  entries: AuditEntryView[];
  nextCursor: string | null;
  error?: { message: string; fields: Record<string, string> };
  showTenant: boolean;
}) {
  const filters = showTenant ? values : { ...values, tenant: undefined };
  const text = (name: keyof AuditFilterValues, label: string, placeholder: string) => (
    <div className="space-y-1">
      <label htmlFor={`audit-${name}`} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      <input
        id={`audit-${name}`}
        name={name}
        defaultValue={values[name] ?? ''}
        placeholder={placeholder}
        aria-invalid={error?.fields[name] ? true : undefined}
        className={inputClass}
      />
      {error?.fields[name] ? <p className="text-xs text-red-700 dark:text-red-400">{error.fields[name]}</p> : null}
    </div>
  );
  return (
    <div className="space-y-4">
      <form method="get" action={pagePath} aria-label="Filter the audit log" className="grid gap-3 sm:grid-cols-3 lg:grid-cols-7 lg:items-end">
        {showTenant ? text('tenant', 'Tenant', 'slug') : null}
        {text('actor', 'Actor', 'email')}
        {text('action', 'Action', 'e.g. tenant.')}
        <div className="space-y-1">
          <label htmlFor="audit-outcome" className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
            Outcome
          </label>
          <select id="audit-outcome" name="outcome" defaultValue={values.outcome ?? ''} className={inputClass}>
            <option value="">any</option>
            <option value="success">success</option>
            <option value="refused">refused</option>
            <option value="failed">failed</option>
          </select>
        </div>
        {text('from', 'From (UTC)', '2026-12-01')}
        {text('to', 'To (UTC)', '2026-12-31T18:00')}
        <div className="flex gap-2">
          <button type="submit" className={buttonClass('primary')}>
            Filter
          </button>
          <Link href={pagePath} className={buttonClass('secondary')}>
            Clear
          </Link>
        </div>
      </form>
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error.message}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs text-zinc-600 dark:text-zinc-400">Newest first; times in UTC.</p>
        <a href={withQuery(csvPath, { ...filters, format: 'csv' })} download className={buttonClass('secondary')}>
          Download CSV
        </a>
      </div>
      <DataTable
        caption="Audit log entries"
        columns={[
          { key: 'when', header: 'When' },
          ...(showTenant ? [{ key: 'tenant', header: 'Tenant' }] : []),
          { key: 'actor', header: 'Actor' },
          { key: 'action', header: 'Action' },
          { key: 'target', header: 'Target' },
          { key: 'outcome', header: 'Outcome' },
          { key: 'address', header: 'Address' },
          { key: 'details', header: 'Details' },
        ]}
        rows={entries.map((e) => ({
          id: e.id,
          label: `${e.action} at ${e.at}`,
          testId: 'audit-entry',
          data: { action: e.action },
          cells: [
            <span key="w" className="font-mono text-xs font-normal whitespace-nowrap">
              <When at={e.at} seconds />
            </span>,
            ...(showTenant ? [<span key="t" className="font-mono text-xs">{e.tenant?.slug ?? '—'}</span>] : []),
            <>
              {e.actor ? (e.actor.email ?? `deleted user ${e.actor.id}`) : 'system'}
              {e.via ? (
                <span className="block text-xs text-zinc-600 dark:text-zinc-400" data-testid="audit-via">
                  via token {e.via.tokenName ?? e.via.tokenId}
                </span>
              ) : null}
            </>,
            <span key="a" className="font-mono text-xs">{e.action}</span>,
            <span key="g" className="font-mono text-xs break-all">
              {e.targetType}
              {e.targetId ? ` ${e.targetId}` : ''}
            </span>,
            <span key="o" className={`font-medium ${OUTCOME_TONE[e.outcome]}`}>{e.outcome}</span>,
            <span key="d" className="font-mono text-xs">{e.clientAddress ?? '—'}</span>,
            <span key="m" className="font-mono text-xs break-all text-zinc-700 dark:text-zinc-300">{details(e.metadata)}</span>,
          ],
        }))}
        empty={<p className="py-6 text-center text-sm text-zinc-600 dark:text-zinc-400">No entries match.</p>}
      />
      <div className="flex gap-2">
        {values !== undefined && nextCursor ? (
          <Link href={withQuery(pagePath, { ...filters, cursor: nextCursor })} className={buttonClass('secondary')}>
            Older entries
          </Link>
        ) : null}
      </div>
    </div>
  );
}
