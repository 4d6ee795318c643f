// Streams an instance's logs as Server-Sent Events (one `data:` JSON line per log line), tenant-checked.
import 'server-only';
import { db } from '@/lib/db/client';
import { AppError, notFoundError } from '@/lib/errors';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { driverFor } from '@/lib/providers/registry';
import { toDriverInstance } from '@/lib/reconciler/driver-instance';

export async function logStream(ctx: TenantContext, id: string, opts: { follow: boolean; tail: number; signal: AbortSignal }) {
  authorize(ctx, 'resource.read');
  const inst = await db().instance.findFirst({
    where: { id, tenantId: ctx.tenant.id, deletedAt: null },
    include: { flavor: true, image: true },
  });
  if (!inst) throw notFoundError('instance');
  const driver = driverFor(inst.provider);
  if (!driver.logs) throw new AppError('invalid_state', 'This kind of instance has no logs.');
  const lines = driver.logs(toDriverInstance(inst), opts);
  const enc = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        for await (const line of lines) controller.enqueue(enc.encode(`data: ${JSON.stringify(line)}\n\n`));
        controller.enqueue(enc.encode('event: end\ndata: {}\n\n'));
      } catch (err) {
        if (!opts.signal.aborted) controller.enqueue(enc.encode(`event: error\ndata: ${JSON.stringify({ message: (err as Error).message })}\n\n`));
      }
      try {
        controller.close();
      } catch {
        // already closed by the client going away
      }
    },
  });
}
