// GET: the tenant's closed months (invoices), newest first.
import { json, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { tenantInvoices } from '@/lib/billing/service';
import { pageArray, pageBody, pageQueryOf } from '@/lib/api/pagination';

export const GET = route<{ slug: string }>(async (req, { params }) => {
  const { slug } = await params;
  const ctx = await tenantContext(slug);
  const query = pageQueryOf(req);
  // A tenant has one invoice per month: the month is the key and the id.
  return json(pageBody('invoices', pageArray(await tenantInvoices(ctx), query, (i) => [i.month, i.month], { kind: 'string' })));
});
