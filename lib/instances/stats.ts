// Streams a running instance's CPU and memory samples as Server-Sent Events (one `data:` JSON sample a second),
// tenant-checked. An instance that does not run has nothing to sample: its stream ends at once.
import 'server-only';
import { AppError } from '@/lib/errors';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { driverFor } from '@/lib/providers/registry';
import { toDriverInstance } from '@/lib/reconciler/driver-instance';
import { endedStream, eventStream } from '@/lib/sse';
import { findTenantInstance } from './lookup';

export async function statsStream(ctx: TenantContext, id: string, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  authorize(ctx, 'resource.read');
  const inst = await findTenantInstance(ctx, id);
  const driver = driverFor(inst.provider);
  if (!driver.stats) throw new AppError('invalid_state', 'This kind of instance has no metrics.');
  if (inst.status !== 'running') return endedStream();
  return eventStream(driver.stats(toDriverInstance(inst), signal), signal);
}
