'use server';
// Server actions of the instance pages: create (a container or a VM, from the wizard's form), start/stop/restart/delete,
// and a VM's snapshots.
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { runFormAction, type FormState } from '@/lib/actions';
import { AppError } from '@/lib/errors';
import { tenantContext } from '@/lib/auth/session';
import { createContainer, createVm } from '@/lib/instances/create-instance';
import { requestInstanceAction } from '@/lib/instances/operate';
import { createSnapshot, deleteSnapshot, restoreSnapshot } from '@/lib/instances/snapshots';

/** Lines of KEY=VALUE; a line without "=" is reported rather than silently dropped. */
function envLines(text: string, secret: boolean, field: string) {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const eq = line.indexOf('=');
      if (eq < 1) throw new AppError('validation_failed', 'Some fields need attention.', { [field]: `“${line.slice(0, 40)}” is not NAME=value.` });
      return { name: line.slice(0, eq).trim(), value: line.slice(eq + 1), secret };
    });
}

export async function createInstanceAction(slug: string, _prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const s = (k: string) => String(fd.get(k) ?? '');
    const portsText = s('ports').trim();
    const common = {
      name: s('name'),
      imageId: s('imageId'),
      flavorId: s('flavorId'),
      ports: portsText ? portsText.split(/[\s,]+/).filter(Boolean) : [],
      start: fd.get('start') === 'on',
    };
    const ctx = await tenantContext(slug);
    const { id } =
      s('kind') === 'vm'
        ? await createVm(ctx, {
            ...common,
            hostname: s('hostname'),
            // Browsers submit a textarea's line breaks as CRLF; a script's "#!/bin/sh\r" would not run.
            userData: s('userData').replace(/\r\n?/g, '\n') || undefined,
            sshKeyIds: fd.getAll('sshKeyIds').map(String),
            sshPublicKeys: s('sshPublicKeys').split(/\r?\n/).map((l) => l.trim()).filter(Boolean),
          })
        : await createContainer(ctx, {
            ...common,
            env: [...envLines(s('env'), false, 'env'), ...envLines(s('secrets'), true, 'secrets')],
            command: s('command').trim() ? s('command').trim().split(/\s+/) : [],
          });
    redirect(`/t/${slug}/instances/${id}`);
  });
}

export async function instanceAction(slug: string, id: string, _prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const action = String(fd.get('action') ?? '');
    await requestInstanceAction(await tenantContext(slug), id, { action });
    revalidatePath(`/t/${slug}/instances/${id}`);
    if (action === 'delete') redirect(`/t/${slug}/instances`);
    return { ok: true, message: `${action[0]?.toUpperCase()}${action.slice(1)} requested.` };
  });
}

/** Snapshots of a VM (form field `op`: create with `name`, or restore / delete with `snapshotId`). */
export async function snapshotAction(slug: string, id: string, _prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const ctx = await tenantContext(slug);
    const op = String(fd.get('op') ?? '');
    const snapshotId = String(fd.get('snapshotId') ?? '');
    if (op === 'create') await createSnapshot(ctx, id, { name: String(fd.get('name') ?? '') });
    else if (op === 'restore') await restoreSnapshot(ctx, id, snapshotId);
    else if (op === 'delete') await deleteSnapshot(ctx, id, snapshotId);
    else throw new AppError('validation_failed', 'Unknown snapshot operation.');
    revalidatePath(`/t/${slug}/instances/${id}`);
    return { ok: true, message: op === 'create' ? 'Snapshot requested.' : op === 'restore' ? 'Restore requested.' : 'Deletion requested.' };
  });
}
