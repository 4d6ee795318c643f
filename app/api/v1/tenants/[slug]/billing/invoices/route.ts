// GET: the tenant's closed months (invoices), newest first.
import { json, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { tenantInvoices } from '@/lib/billing/service';

export const GET = route<{ slug: string }>(async (_req, { params }) => {
  const { slug } = await params;
  return json({ invoices: await tenantInvoices(await tenantContext(slug)) });
});
