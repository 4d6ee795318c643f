// GET ?month=YYYY-MM: the month's lines as CSV (a download), then its cost per label value.
import { route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { billCsv, tenantMonth } from '@/lib/billing/service';

export const GET = route<{ slug: string }>(async (req, { params }) => {
  const { slug } = await params;
  const ctx = await tenantContext(slug);
  const bill = await tenantMonth(ctx, new URL(req.url).searchParams.get('month') ?? undefined);
  return new Response(billCsv(bill, bill.byLabel), {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${ctx.tenant.slug}-${bill.month}.csv"` },
  });
});
