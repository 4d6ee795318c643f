// Platform admins. GET ?month=YYYY-MM: every tenant's total (and forecast while the month is open).
import { json, route } from '@/lib/http';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { platformMonth } from '@/lib/billing/service';

export const GET = route(async (req) => {
  const admin = await requirePlatformAdmin();
  return json(await platformMonth(admin, new URL(req.url).searchParams.get('month') ?? undefined));
});
