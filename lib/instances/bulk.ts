// Start, stop, restart or delete several instances at once: each id goes through requestInstanceAction (the same
// policy check, state check, desired-state write, event and audit entry as a single action) and gets its own result.
// Ids are looked up in the caller's organisation only, so another organisation's id answers not_found and is untouched.
import 'server-only';
import { z } from 'zod';
import { parseInput } from '@/lib/errors';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { eachId, ZBulkIds, type BulkResult } from '@/lib/bulk/run';
import { INSTANCE_ACTIONS, policyActionOf, requestInstanceAction, type InstanceAction } from './operate';

export const ZBulkInstanceAction = z.strictObject({
  action: z.enum(INSTANCE_ACTIONS, { error: 'The action must be start, stop, restart or delete.' }),
  ids: ZBulkIds,
});

export async function requestInstanceActions(ctx: TenantContext, input: unknown): Promise<{ action: InstanceAction; results: BulkResult[] }> {
  const { action, ids } = parseInput(ZBulkInstanceAction, input);
  // A caller who may not do this at all is refused once, for the whole request, before anything is looked up.
  authorize(ctx, policyActionOf(action));
  return { action, results: await eachId(ids, (id) => requestInstanceAction(ctx, id, { action })) };
}
