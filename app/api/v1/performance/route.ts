// GET: the platform's measured performance — create → ready per kind, image and flavor, memory against what was
// given, function cold starts and warm overhead (p50/p90 and sample counts). Platform-wide; any signed-in user.
import { json, route } from '@/lib/http';
import { requireUser } from '@/lib/auth/session';
import { performanceReport } from '@/lib/performance/service';

export const dynamic = 'force-dynamic';

export const GET = route(async () => {
  await requireUser();
  return json(await performanceReport());
});
