'use server';
// Server actions of the volume pages (form field `op`): create, delete, attach, detach, snapshot, restore and delete a
// snapshot. Each calls lib/volumes, which checks the role and the tenant.
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { runFormAction, type FormState } from '@/lib/actions';
import { AppError } from '@/lib/errors';
import { formNumber } from '@/lib/form-number';
import { tenantContext } from '@/lib/auth/session';
import * as volumes from '@/lib/volumes/service';

export async function createVolumeAction(slug: string, _prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const s = (k: string) => String(fd.get(k) ?? '');
    const { name } = await volumes.createVolume(await tenantContext(slug), { name: s('name'), sizeGib: formNumber(s('sizeGib')) });
    revalidatePath(`/t/${slug}/volumes`);
    return { ok: true, message: `Volume ${name} created.` };
  });
}

export async function volumeAction(slug: string, id: string, _prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const s = (k: string) => String(fd.get(k) ?? '');
    const ctx = await tenantContext(slug);
    const op = s('op');
    let message: string;
    if (op === 'delete') {
      await volumes.deleteVolume(ctx, id);
      revalidatePath(`/t/${slug}/volumes`);
      redirect(`/t/${slug}/volumes`);
    } else if (op === 'attach') {
      await volumes.attachVolume(ctx, id, { instanceId: s('instanceId'), mountPath: s('mountPath'), readOnly: fd.get('readOnly') === 'on' });
      message = 'Attach requested: the instance is made again with the volume.';
    } else if (op === 'detach') {
      await volumes.detachVolume(ctx, id);
      message = 'Detach requested: the instance is made again without the volume.';
    } else if (op === 'resize') {
      await volumes.resizeVolume(ctx, id, { sizeGib: formNumber(s('sizeGib')) });
      message = 'Volume grown.';
    } else if (op === 'snapshot') {
      await volumes.createVolumeSnapshot(ctx, id, { name: s('name') });
      message = 'Snapshot taken.';
    } else if (op === 'restore') {
      await volumes.restoreVolumeSnapshot(ctx, id, s('snapshotId'));
      message = 'Snapshot restored.';
    } else if (op === 'deleteSnapshot') {
      await volumes.deleteVolumeSnapshot(ctx, id, s('snapshotId'));
      message = 'Snapshot deleted.';
    } else {
      throw new AppError('validation_failed', 'Unknown volume operation.');
    }
    revalidatePath(`/t/${slug}/volumes/${id}`);
    return { ok: true, message };
  });
}
