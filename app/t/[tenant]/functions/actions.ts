'use server';
// Server actions of the functions list: delete one or several (the row menu and the selection's bulk bar).
import { revalidatePath } from 'next/cache';
import { runFormAction, type FormState } from '@/lib/actions';
import { tenantContext } from '@/lib/auth/session';
import { requestFunctionActions } from '@/lib/functions/bulk';

export async function bulkFunctionAction(slug: string, _prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const { results } = await requestFunctionActions(await tenantContext(slug), { action: String(fd.get('action') ?? ''), ids: fd.getAll('ids').map(String) });
    revalidatePath(`/t/${slug}/functions`);
    const done = results.filter((r) => r.ok).length;
    return { ok: true, message: `Deleted ${done} of ${results.length}.`, data: { results: JSON.stringify(results) } };
  });
}
