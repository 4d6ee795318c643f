'use server';
// Server actions of the billing page (owners): the monthly budget.
import { revalidatePath } from 'next/cache';
import { runFormAction, type FormState } from '@/lib/actions';
import { tenantContext } from '@/lib/auth/session';
import { setBudget } from '@/lib/billing/service';
import { formNumber } from '@/lib/form-number';

export async function setBudgetAction(slug: string, _prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    await setBudget(await tenantContext(slug), { amount: formNumber(fd.get('amount')), blockCreates: fd.get('blockCreates') === 'on' });
    revalidatePath(`/t/${slug}/billing`);
    return { ok: true, message: 'Budget saved.' };
  });
}
