// POST {vcpus, memoryMib, requestsPerMonth, meanDurationMs}: the workload priced and timed as a VM, a container and
// a function under the billing price list, with the break-even volume. Any signed-in user; nothing is written.
import { json, readJson, route } from '@/lib/http';
import { requireUser } from '@/lib/auth/session';
import { compareRequest } from '@/lib/performance/service';

export const POST = route(async (req) => {
  await requireUser();
  return json(await compareRequest(await readJson(req)));
});
