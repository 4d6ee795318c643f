'use server';
// Server action of the Images page: delete a tag's image (refused while an instance uses it).
import { revalidatePath } from 'next/cache';
import { runFormAction, type FormState } from '@/lib/actions';
import { tenantContext } from '@/lib/auth/session';
import { deleteImageTag } from '@/lib/registry/images';

export async function deleteImageAction(slug: string, _prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const { deleted } = await deleteImageTag(await tenantContext(slug), String(fd.get('name') ?? ''), String(fd.get('tag') ?? ''));
    revalidatePath(`/t/${slug}/images`);
    return { ok: true, message: `Deleted ${deleted.map((t) => `:${t}`).join(', ')}.` };
  });
}
