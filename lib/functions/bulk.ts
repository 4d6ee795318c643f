// Deleting several functions at once: each id goes through deleteFunction (the same checks, audit entry and clean-up
// as a single delete) and gets its own result; another organisation's id answers not_found and is untouched.
import 'server-only';
import { z } from 'zod';
import { parseInput } from '@/lib/errors';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { eachId, ZBulkIds, type BulkResult } from '@/lib/bulk/run';
import { deleteFunction } from './delete-function';

export const ZBulkFunctionAction = z.strictObject({
  action: z.enum(['delete'], { error: 'The action must be delete.' }),
  ids: ZBulkIds,
});

export async function requestFunctionActions(ctx: TenantContext, input: unknown): Promise<{ action: 'delete'; results: BulkResult[] }> {
  const { action, ids } = parseInput(ZBulkFunctionAction, input);
  authorize(ctx, 'resource.delete');
  return { action, results: await eachId(ids, (id) => deleteFunction(ctx, id)) };
}
