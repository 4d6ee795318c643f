// Bulk operations: the same single-item operation run once per id, each outcome reported on its own, so that one
// refused item (wrong state, not found, another organisation's id) neither stops nor undoes the others.
import 'server-only';
import { z } from 'zod';
import { AppError } from '@/lib/errors';

/** At most this many ids per request: a page of the console's list is 20–100 rows. */
export const BULK_MAX = 100;

export const ZBulkIds = z
  .array(z.string().trim().min(1, { error: 'An id cannot be empty.' }).max(64, { error: 'An id has at most 64 characters.' }), { error: 'ids is a list of ids.' })
  .min(1, { error: 'Choose at least one.' })
  .max(BULK_MAX, { error: `At most ${BULK_MAX} at a time.` })
  .refine((ids) => new Set(ids).size === ids.length, { error: 'Each id at most once.' })
  .meta({ description: `The ids to act on (1–${BULK_MAX}, each once).` });

export type BulkResult = { id: string; ok: true } | { id: string; ok: false; code: string; message: string };

export const ZBulkResult = z.object({
  id: z.string(),
  ok: z.boolean(),
  code: z.string().optional().meta({ description: 'Why this one was refused (the same codes as the single operation).' }),
  message: z.string().optional(),
});

/** Runs `one` for each id in turn (their audit entries and events are written as for a single request). An AppError
 * is that id's refusal; anything else is a fault of ours and ends the request as it would a single one. */
export async function eachId(ids: readonly string[], one: (id: string) => Promise<void>): Promise<BulkResult[]> {
  const out: BulkResult[] = [];
  for (const id of ids) {
    try {
      await one(id);
      out.push({ id, ok: true });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      out.push({ id, ok: false, code: err.code, message: err.message });
    }
  }
  return out;
}
