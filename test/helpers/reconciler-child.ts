// Child process for test/integration/docker-crash.test.ts: a console's reconciler and nothing else, on the database
// in DATABASE_URL and the Docker Engine, labelling its containers with OVERCAST_CONSOLE_ID. Its parent kills it
// (SIGKILL) to play a crash. It prints JSON lines on stdout: {ready} once, then {statuses} whenever the count of
// instances per status changes, so that the parent can follow without using the database itself (the embedded
// database's socket server must not serve two processes' queries at once, see lib/db/embedded-url.ts).
// Usage: node --import tsx reconciler-child.ts OWNER LEASE_MS
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../lib/generated/prisma/client';
import { EMBEDDED_POOL_SIZE, isEmbeddedUrl } from '../../lib/db/embedded-url';
import { Reconciler } from '../../lib/reconciler/reconciler';

const [owner, leaseMs] = process.argv.slice(2);
const url = process.env.DATABASE_URL;
if (!owner || !leaseMs || !url) throw new Error('usage: DATABASE_URL=… reconciler-child.ts OWNER LEASE_MS');

const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: isEmbeddedUrl(url) ? EMBEDDED_POOL_SIZE : 4 }) });
const reconciler = new Reconciler(db, {
  owner,
  leaseMs: Number(leaseMs),
  tickMs: 100,
  resyncMs: 1_000,
  sweepMs: 1_000,
  log: (m) => console.error(`[${owner}] ${m}`),
});
reconciler.start();
console.log(JSON.stringify({ ready: true, pid: process.pid }));

let last = '';
const report = setInterval(async () => {
  try {
    const rows = await db.instance.groupBy({ by: ['status'], _count: { _all: true } });
    const line = JSON.stringify({ statuses: Object.fromEntries(rows.map((r) => [r.status, r._count._all])) });
    if (line !== last) console.log((last = line));
  } catch (err) {
    console.error(`[${owner}] status report failed: ${(err as Error).message}`);
  }
}, 200);

process.once('SIGTERM', async () => {
  clearInterval(report);
  await reconciler.stop();
  await db.$disconnect();
  process.exit(0);
});
