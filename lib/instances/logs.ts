// Streams an instance's logs as Server-Sent Events (one `data:` JSON line per log line), tenant-checked.
import 'server-only';
import { AppError } from '@/lib/errors';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { driverFor } from '@/lib/providers/registry';
import { toDriverInstance } from '@/lib/reconciler/driver-instance';
import { eventStream, waitingStream } from '@/lib/sse';
import { findTenantInstance } from './lookup';

export async function logStream(ctx: TenantContext, id: string, opts: { follow: boolean; tail: number; signal: AbortSignal }) {
  authorize(ctx, 'resource.read');
  const inst = await findTenantInstance(ctx, id);
  const driver = driverFor(inst.provider);
  if (!driver.logs) throw new AppError('invalid_state', 'This kind of instance has no logs.');
  // Still being made (no engine object yet): there are no logs to read, which is not a failure.
  if ((inst.status === 'pending' || inst.status === 'creating') && !inst.engineRef) return waitingStream();
  return eventStream(driver.logs(toDriverInstance(inst), opts), opts.signal);
}
