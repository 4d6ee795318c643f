// The driver's pull of a tenant's image from the console's registry (lib/registry), before a container is made from
// it: only when the reference points at the registry, belongs to the instance's tenant, and is not in the engine yet.
import type Dockerode from 'dockerode';
import { EngineError } from '@/lib/providers/types';
import { engineAuthFor, ForeignImageError, registryRefOf } from '@/lib/registry/engine-auth';
import { callSignal, engineError, statusOf } from './client';

/** A pull of a large image can take minutes; its progress stream is read to the end. */
const PULL_TIMEOUT_MS = 10 * 60_000;

export async function pullFromRegistryIfMissing(engine: Dockerode, tenantId: string, ref: string): Promise<boolean> {
  if (!registryRefOf(ref)) return false;
  let auth;
  try {
    auth = await engineAuthFor(tenantId, ref);
  } catch (err) {
    if (err instanceof ForeignImageError) throw new EngineError(err.message, false);
    throw err;
  }
  try {
    await engine.getImage(ref).inspect({ abortSignal: callSignal() } as Dockerode.ImageInspectOptions);
    return false; // already there
  } catch (err) {
    if (statusOf(err) !== 404) throw engineError('inspect the image', err);
  }
  try {
    const stream = await engine.pull(ref, { authconfig: auth, abortSignal: AbortSignal.timeout(PULL_TIMEOUT_MS) });
    await new Promise<void>((resolve, reject) => {
      engine.modem.followProgress(stream, (err: Error | null, events: { error?: string; errorDetail?: { message?: string } }[]) => {
        const failed = events?.find((e) => e.error);
        if (err) reject(err);
        else if (failed) reject(new EngineError(`Could not pull ${ref}: ${failed.errorDetail?.message ?? failed.error}`, false));
        else resolve();
      });
    });
    return true;
  } catch (err) {
    if (err instanceof EngineError) throw err;
    const message = String((err as { json?: { message?: string } }).json?.message ?? (err as Error).message);
    if (/not found|unknown|manifest/i.test(message)) throw new EngineError(`The image ${ref} is not in the registry (${message})`, false);
    throw engineError(`pull ${ref}`, err);
  }
}
