// Who may open a terminal to which instance: a member (or above) of the instance's tenant, on a driver that
// declares 'terminal', while the instance runs. The same check serves the WebSocket upgrade and the plain GET.
import 'server-only';
import { AppError } from '@/lib/errors';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { findTenantInstance } from '@/lib/instances/lookup';
import { driverFor } from '@/lib/providers/registry';
import type { Driver } from '@/lib/providers/types';
import type { InstanceWithRefs } from '@/lib/reconciler/driver-instance';

export type TerminalTarget = { inst: InstanceWithRefs; driver: Driver & Required<Pick<Driver, 'terminal'>> };

export async function terminalTarget(ctx: TenantContext, id: string): Promise<TerminalTarget> {
  authorize(ctx, 'resource.terminal');
  const inst = await findTenantInstance(ctx, id);
  const driver = driverFor(inst.provider);
  if (!driver.terminal) {
    throw new AppError('invalid_state', 'This kind of instance has no terminal.');
  }
  if (inst.status !== 'running' || inst.desiredState !== 'running') {
    throw new AppError('invalid_state', 'The terminal is available while the instance is running.');
  }
  return { inst, driver: driver as TerminalTarget['driver'] };
}
