'use server';
// Server actions of the instance pages: create (a container or a VM, from the wizard's form), start/stop/restart/delete,
// and a VM's snapshots.
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { runFormAction, type FormState } from '@/lib/actions';
import { AppError } from '@/lib/errors';
import { envFromFields } from '@/lib/env-text';
import { labelsFromText } from '@/lib/labels/labels';
import { formNumber } from '@/lib/form-number';
import { tenantContext } from '@/lib/auth/session';
import { createContainer, createVm } from '@/lib/instances/create-instance';
import { requestInstanceAction } from '@/lib/instances/operate';
import { requestInstanceActions } from '@/lib/instances/bulk';
import { createSnapshot, deleteSnapshot, restoreSnapshot } from '@/lib/instances/snapshots';
import { OWN_IMAGE_CHOICE, runSettingsFromForm } from '@/lib/instances/run-settings-form';
import { deployInstance, rollbackInstance } from '@/lib/instances/versions';


export async function createInstanceAction(slug: string, _prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const s = (k: string) => String(fd.get(k) ?? '');
    const portsText = s('ports').trim();
    const ownImage = s('kind') !== 'vm' && s('imageId') === OWN_IMAGE_CHOICE;
    const common = {
      name: s('name'),
      ...(ownImage ? { image: s('image') } : { imageId: s('imageId') }),
      flavorId: s('flavorId'),
      ports: portsText ? portsText.split(/[\s,]+/).filter(Boolean).map(formNumber) : [],
      start: fd.get('start') === 'on',
      labels: labelsFromText(s('labels')),
    };
    const ctx = await tenantContext(slug);
    const env = envFromFields(s('env'), s('secrets'));
    const { id } =
      s('kind') === 'vm'
        ? await createVm(ctx, {
            ...common,
            hostname: s('hostname'),
            diskGib: formNumber(s('diskGib')),
            // Browsers submit a textarea's line breaks as CRLF; a script's "#!/bin/sh\r" would not run.
            userData: s('userData').replace(/\r\n?/g, '\n') || undefined,
            sshKeyIds: fd.getAll('sshKeyIds').map(String),
            sshPublicKeys: s('sshPublicKeys').split(/\r?\n/).map((l) => l.trim()).filter(Boolean),
            volumes: wizardVolumes(fd),
          })
        : await createContainer(
            ctx,
            { ...common, env: 'env' in env ? env.env : [], ...runSettingsFromForm(s), volumes: wizardVolumes(fd) },
            // A bad line is reported next to its box (with every other field's error), never silently dropped.
            'errors' in env ? env.errors : {},
          );
    redirect(`/t/${slug}/instances/${id}`);
  });
}

/** The wizard's one volume row: none, a new one (name, size) or one of the tenant's, at a mount path (a VM's is fixed). */
function wizardVolumes(fd: FormData) {
  const s = (k: string) => String(fd.get(k) ?? '');
  const choice = s('volumeChoice');
  if (!choice) return [];
  const at = { mountPath: s('volumeMountPath'), readOnly: fd.get('volumeReadOnly') === 'on' };
  return [choice === 'new' ? { create: { name: s('volumeName'), sizeGib: formNumber(s('volumeSizeGib')) }, ...at } : { volumeId: choice, ...at }];
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

/** Several instances at once (the list's selection or a row's menu): `action` and `ids`; one result per id in
 * `data.results` (JSON), as the API's bulk route answers. */
export async function bulkInstanceAction(slug: string, _prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const { action, results } = await requestInstanceActions(await tenantContext(slug), { action: String(fd.get('action') ?? ''), ids: fd.getAll('ids').map(String) });
    revalidatePath(`/t/${slug}/instances`);
    const done = results.filter((r) => r.ok).length;
    return { ok: true, message: `${action[0]!.toUpperCase()}${action.slice(1)} requested for ${done} of ${results.length}.`, data: { results: JSON.stringify(results) } };
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

/** A container's versions: deploy another image (`op` deploy with `image`) or roll back (`op` rollback, `version`). */
export async function versionAction(slug: string, id: string, _prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const ctx = await tenantContext(slug);
    const op = String(fd.get('op') ?? '');
    const done =
      op === 'deploy'
        ? await deployInstance(ctx, id, { image: String(fd.get('image') ?? '') })
        : op === 'rollback'
          ? await rollbackInstance(ctx, id, { version: formNumber(String(fd.get('version') ?? '')) })
          : null;
    if (!done) throw new AppError('validation_failed', 'Unknown version operation.');
    revalidatePath(`/t/${slug}/instances/${id}`);
    return { ok: true, message: `${op === 'deploy' ? 'Deploy' : 'Rollback'} requested: version ${done.version} (${done.image}).` };
  });
}
