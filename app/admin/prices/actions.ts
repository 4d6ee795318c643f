'use server';
// Platform-admin server actions of the price catalogs: import, set or end one price, choose the billing catalog.
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { runFormAction, type FormState } from '@/lib/actions';
import { AppError } from '@/lib/errors';
import { formNumber } from '@/lib/form-number';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { catalogFileFromCsv, importCatalog, setBillingCatalog, setRate, updateCatalogMeta } from '@/lib/billing/catalogs';

const str = (fd: FormData, k: string) => String(fd.get(k) ?? '').trim();

export async function importCatalogAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const admin = await requirePlatformAdmin();
    const file = fd.get('file');
    const text = file instanceof File && file.size ? await file.text() : str(fd, 'text');
    if (!text) throw new AppError('validation_failed', 'Some fields need attention.', { file: 'Choose a .json or .csv file, or paste one below.' });
    let input: unknown;
    if (/^\s*[{[]/.test(text)) {
      try {
        input = JSON.parse(text);
      } catch {
        throw new AppError('validation_failed', 'Some fields need attention.', { file: 'This is not valid JSON.' });
      }
    } else {
      input = catalogFileFromCsv({ name: str(fd, 'name'), currency: str(fd, 'currency'), hoursPerMonth: formNumber(str(fd, 'hoursPerMonth')), description: str(fd, 'description') }, text);
    }
    const result = await importCatalog(admin, input, str(fd, 'effectiveFrom') || undefined);
    revalidatePath('/admin/prices');
    redirect(`/admin/prices/${result.id}?imported=${result.changed}`);
  });
}

export async function setRateAction(catalogId: string, _prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const admin = await requirePlatformAdmin();
    const remove = fd.get('remove') === '1';
    const changed = await setRate(
      admin,
      catalogId,
      { provider: str(fd, 'provider'), unit: str(fd, 'unit'), flavor: str(fd, 'flavor'), unitPrice: remove ? '0' : str(fd, 'unitPrice'), freePerMonth: str(fd, 'freePerMonth') || '0' },
      { effectiveFrom: str(fd, 'effectiveFrom') || undefined, remove },
    );
    revalidatePath(`/admin/prices/${catalogId}`);
    return { ok: true, message: changed ? (remove ? 'The price ends as scheduled.' : 'The new price is scheduled.') : 'Nothing changed: that price is already in force.' };
  });
}

export async function setBillingCatalogAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const admin = await requirePlatformAdmin();
    await setBillingCatalog(admin, str(fd, 'catalogId'));
    revalidatePath('/admin/prices');
    return { ok: true, message: 'Tenants are now billed with this price list.' };
  });
}

export async function updateCatalogAction(catalogId: string, _prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const admin = await requirePlatformAdmin();
    await updateCatalogMeta(admin, catalogId, { description: str(fd, 'description'), hoursPerMonth: formNumber(str(fd, 'hoursPerMonth')) ?? '' });
    revalidatePath(`/admin/prices/${catalogId}`);
    return { ok: true, message: 'Saved.' };
  });
}
