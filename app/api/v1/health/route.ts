// Liveness and database reachability, for the run command and monitoring.
import { db } from '@/lib/db/client';
import { json, route } from '@/lib/http';

export const dynamic = 'force-dynamic';

export const GET = route(async () => {
  await db().$queryRaw`SELECT 1`;
  return json({ status: 'ok' });
});
