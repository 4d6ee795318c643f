// Brings every stored secret under the current key, in batches: plaintext from before encryption is sealed, values
// under an older key are re-sealed. Idempotent (rows already under the current key are not even read), so setup
// runs it at every start and scripts/rotate-secrets.ts after a new key. A row that cannot be opened is reported and
// left as it is; each update only applies if the row is still as it was read.
import type { PrismaClient } from '@/lib/generated/prisma/client';
import type { Keyring } from './envelope';
import { resealFunctionEnv, resealInstanceSpec } from './fields';

export type ResealTable = { resealed: number; failed: { id: string; error: string }[] };
export type ResealReport = { instances: ResealTable; functionVersions: ResealTable };

const DEFAULT_BATCH = 200;

/** The rows with a secret not under `kid` (a secret env value, or user-data), after `cursor`, in id order. */
function pendingInstances(client: PrismaClient, prefix: string, cursor: string, take: number) {
  return client.$queryRaw<{ id: string; spec: unknown }[]>`
    SELECT "id", "spec" FROM "Instance"
    WHERE "id" > ${cursor} AND (
      (jsonb_typeof("spec"->'userData') = 'string' AND "spec"->>'userData' NOT LIKE ${prefix})
      OR EXISTS (
        SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof("spec"->'env') = 'array' THEN "spec"->'env' ELSE '[]'::jsonb END) e
        WHERE e->'secret' = 'true'::jsonb AND jsonb_typeof(e->'value') = 'string' AND e->>'value' NOT LIKE ${prefix}))
    ORDER BY "id" LIMIT ${take}`;
}

function pendingVersions(client: PrismaClient, prefix: string, cursor: string, take: number) {
  return client.$queryRaw<{ id: string; functionId: string; env: unknown }[]>`
    SELECT "id", "functionId", "env" FROM "FunctionVersion"
    WHERE "id" > ${cursor} AND jsonb_typeof("env") = 'array' AND EXISTS (
      SELECT 1 FROM jsonb_array_elements("env") e
      WHERE e->'secret' = 'true'::jsonb AND jsonb_typeof(e->'value') = 'string' AND e->>'value' NOT LIKE ${prefix})
    ORDER BY "id" LIMIT ${take}`;
}

async function pass<R extends { id: string }>(
  fetch: (cursor: string) => Promise<R[]>,
  reseal: (row: R) => { next: unknown; prev: unknown } | null,
  write: (row: R, next: string, prev: string) => Promise<number>,
  log?: (line: string) => void,
): Promise<ResealTable> {
  const out: ResealTable = { resealed: 0, failed: [] };
  let cursor = '';
  for (;;) {
    const rows = await fetch(cursor);
    if (!rows.length) return out;
    cursor = rows[rows.length - 1].id;
    for (const row of rows) {
      try {
        const r = reseal(row);
        if (r && (await write(row, JSON.stringify(r.next), JSON.stringify(r.prev))) === 1) out.resealed++;
      } catch (err) {
        out.failed.push({ id: row.id, error: (err as Error).message });
      }
    }
    log?.(`  … ${out.resealed} re-encrypted so far`);
  }
}

export async function resealAll(client: PrismaClient, ring: Keyring, o: { batchSize?: number; log?: (line: string) => void } = {}): Promise<ResealReport> {
  const take = o.batchSize ?? DEFAULT_BATCH;
  const prefix = `enc:v1:${ring.current.kid}:%`;
  const instances = await pass(
    (cursor) => pendingInstances(client, prefix, cursor, take),
    (row) => {
      const next = resealInstanceSpec(row.id, row.spec, ring);
      return next ? { next, prev: row.spec } : null;
    },
    (row, next, prev) => client.$executeRaw`UPDATE "Instance" SET "spec" = ${next}::jsonb WHERE "id" = ${row.id} AND "spec" = ${prev}::jsonb`,
    o.log,
  );
  const functionVersions = await pass(
    (cursor) => pendingVersions(client, prefix, cursor, take),
    (row) => {
      const next = resealFunctionEnv(row.functionId, row.env, ring);
      return next ? { next, prev: row.env } : null;
    },
    (row, next, prev) => client.$executeRaw`UPDATE "FunctionVersion" SET "env" = ${next}::jsonb WHERE "id" = ${row.id} AND "env" = ${prev}::jsonb`,
    o.log,
  );
  return { instances, functionVersions };
}

/** How many stored secrets each key id seals, and how many are still plaintext (to tell when an old key may go). */
export async function secretsByKey(client: PrismaClient): Promise<Record<string, number>> {
  const rows = await client.$queryRaw<{ kid: string | null; n: bigint }[]>`
    WITH v AS (
      SELECT "spec"->>'userData' AS value FROM "Instance" WHERE jsonb_typeof("spec"->'userData') = 'string'
      UNION ALL
      SELECT e->>'value' FROM "Instance", jsonb_array_elements(CASE WHEN jsonb_typeof("spec"->'env') = 'array' THEN "spec"->'env' ELSE '[]'::jsonb END) e
        WHERE e->'secret' = 'true'::jsonb
      UNION ALL
      SELECT e->>'value' FROM "FunctionVersion", jsonb_array_elements(CASE WHEN jsonb_typeof("env") = 'array' THEN "env" ELSE '[]'::jsonb END) e
        WHERE e->'secret' = 'true'::jsonb
    )
    SELECT CASE WHEN value LIKE 'enc:v1:%' THEN split_part(value, ':', 3) ELSE NULL END AS kid, count(*) AS n FROM v GROUP BY 1`;
  return Object.fromEntries(rows.map((r) => [r.kid ?? 'plaintext', Number(r.n)]));
}
