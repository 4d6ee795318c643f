// Whether the engine has an image, and which tags of the same repository it has (for a helpful refusal).
import type Dockerode from 'dockerode';
import { callSignal, docker, engineError, statusOf } from './client';

export type LocalImage = { id: string; sizeBytes: number };

/** The image the engine has under `ref` (repository:tag), or null when it has none. */
export async function findLocalImage(ref: string, engine: Dockerode = docker()): Promise<LocalImage | null> {
  try {
    const info = await engine.getImage(ref).inspect({ abortSignal: callSignal() } as object);
    return { id: info.Id, sizeBytes: info.Size };
  } catch (err) {
    if (statusOf(err) === 404) return null;
    throw engineError('look up the image', err);
  }
}

/** The tags the engine has for `repository` (without a tag), sorted. */
export async function localTags(repository: string, engine: Dockerode = docker()): Promise<string[]> {
  try {
    const list = await engine.listImages({ filters: { reference: [repository] }, abortSignal: callSignal() } as object);
    const tags = new Set<string>();
    for (const img of list) {
      for (const t of img.RepoTags ?? []) if (t.startsWith(`${repository}:`)) tags.add(t.slice(repository.length + 1));
    }
    return [...tags].sort();
  } catch (err) {
    throw engineError('list the images', err);
  }
}
