// User actions on an instance: start, stop, restart, delete. Each only records the new desired state (and an
// event) as a new generation of the instance; the reconciler carries it out. Actions that make no sense in the
// current state are refused.
import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import { AppError, notFoundError, parseInput } from '@/lib/errors';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { recordAudit } from '@/lib/audit/record';
import { nudgeReconciler } from '@/lib/reconciler/runtime';
import type { DesiredState, InstanceStatus } from '@/lib/generated/prisma/enums';
import { publishChange } from '@/lib/live/changes';

export const INSTANCE_ACTIONS = ['start', 'stop', 'restart', 'delete'] as const;
export type InstanceAction = (typeof INSTANCE_ACTIONS)[number];
export const ZInstanceAction = z.strictObject({
  action: z.enum(INSTANCE_ACTIONS, { error: 'The action must be start, stop, restart or delete.' }),
});

/** The policy action a user action needs (stop and delete stay allowed while the organisation is suspended). */
export function policyActionOf(action: InstanceAction) {
  return action === 'delete' ? 'resource.delete' : action === 'stop' ? 'resource.stop' : 'resource.operate';
}

/** The actions a user may ask for in this state (the UI shows exactly these). */
export function allowedActions(desired: DesiredState, status: InstanceStatus): InstanceAction[] {
  if (desired === 'deleted') return [];
  const out: InstanceAction[] = [];
  if (desired === 'stopped' || status === 'error') out.push('start');
  if (desired === 'running') out.push('stop');
  if (desired === 'running' && status === 'running') out.push('restart');
  out.push('delete');
  return out;
}

export async function requestInstanceAction(ctx: TenantContext, instanceId: string, input: unknown): Promise<void> {
  const { action } = parseInput(ZInstanceAction, input);
  authorize(ctx, policyActionOf(action));
  await db().$transaction(async (tx) => {
    const inst = await tx.instance.findFirst({ where: { id: instanceId, tenantId: ctx.tenant.id, deletedAt: null } });
    if (!inst) throw notFoundError('instance');
    if (!allowedActions(inst.desiredState, inst.status).includes(action)) {
      throw new AppError('invalid_state', `Cannot ${action} an instance that is ${inst.desiredState === 'deleted' ? 'being deleted' : inst.status}.`);
    }
    const desiredState: DesiredState = action === 'delete' ? 'deleted' : action === 'stop' ? 'stopped' : 'running';
    await tx.instance.update({
      where: { id: inst.id },
      data: {
        desiredState,
        pendingAction: action === 'restart' ? 'restart' : null,
        // A new request: the reconciler's writes for the one before no longer land (they are conditioned on the
        // generation), and a crash loop's count and backoff start anew.
        generation: { increment: 1 },
        attempts: 0,
        crashes: 0,
        nextAttemptAt: new Date(),
        events: {
          create: {
            tenantId: ctx.tenant.id,
            type: 'requested',
            actorId: ctx.user.id,
            fromStatus: inst.status,
            message: `${action[0]!.toUpperCase()}${action.slice(1)} requested by ${ctx.user.email}`,
          },
        },
      },
    });
    await recordAudit(tx, {
      tenantId: ctx.tenant.id,
      actorId: ctx.user.id,
      action: `instance.${action}`,
      targetType: 'instance',
      targetId: inst.id,
    });
  });
  // The transaction found it in this tenant (or threw): the id is the tenant's.
  publishChange({ kind: 'instance', id: instanceId, tenantId: ctx.tenant.id });
  nudgeReconciler();
}
