// Pushing a build's result: the one place that sends an image to the registry (the target and its auth come from
// lib/builds/target.ts). Without a registry nothing is pushed: the local tag is the result.
import { enginePush } from '@/lib/providers/docker/build';
import { engineAuthFor } from '@/lib/registry/engine-auth';
import { mayPush } from '@/lib/registry/quota';
import type { BuildTarget } from './target';

/** Pushes `ref` of `tenantId` to the target's registry; returns the manifest digest (null: nothing pushed). */
export async function pushImage(target: BuildTarget, tenantId: string, ref: string, signal: AbortSignal, log: (line: string) => void): Promise<string | null> {
  if (!target.registry) {
    log(`This console runs without its registry (OVERCAST_REGISTRY=off): the image is tagged ${ref} in the local engine only.`);
    return null;
  }
  log(`Pushing ${ref}`);
  // Refused at the organisation's registry storage quota, as a docker push would be.
  if (!(await mayPush(tenantId))) throw new Error('The organisation’s registry storage is at its quota: delete images (and run garbage collection) before pushing more.');
  const digest = await enginePush(ref, await engineAuthFor(tenantId, ref, ['pull', 'push']), signal, log);
  log(`Pushed ${ref}${digest ? ` (${digest})` : ''}`);
  return digest;
}
