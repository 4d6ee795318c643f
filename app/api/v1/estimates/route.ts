// POST {workload: {items: [...]}, compare?: boolean}: what the workload would cost a month, under the billing
// price list (or every price list the admins loaded, to compare). Any signed-in user.
import { json, readJson, route } from '@/lib/http';
import { requireUser } from '@/lib/auth/session';
import { estimateRequest } from '@/lib/billing/estimates';

export const POST = route(async (req) => {
  await requireUser();
  return json(await estimateRequest(await readJson(req)));
});
