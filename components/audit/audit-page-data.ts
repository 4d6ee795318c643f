// Shared by the two audit log pages: the page's query string → the filters to show back, and the query to run.
import type { AuditFilterValues } from './audit-log-view';

const FILTERS = ['tenant', 'actor', 'action', 'outcome', 'from', 'to'] as const;

export function auditPageQuery(raw: Record<string, string>): { values: AuditFilterValues; query: Record<string, string> } {
  const values: AuditFilterValues = {};
  for (const k of FILTERS) if (raw[k]) values[k] = raw[k];
  // The page shows JSON pages; the CSV is the API's (its link is on the page).
  const query = { ...raw };
  delete query.format;
  return { values, query };
}
