// The Docker Engine client and the error mapping shared by the docker driver's modules.
import Docker from 'dockerode';
import { EngineError } from '@/lib/providers/types';

export const DOCKER_SOCKET = process.env.DOCKER_SOCKET ?? '/var/run/docker.sock';
/** Unary calls must never hang on a daemon that accepts and does not answer. */
export const CALL_TIMEOUT_MS = 30_000;

let client: Docker | undefined;
/** The console's Docker Engine (DOCKER_SOCKET, by default the local daemon). */
export function docker(): Docker {
  client ??= new Docker({ socketPath: DOCKER_SOCKET });
  return client;
}

/** A client for the Docker Engine on another Unix socket (a second daemon). */
export function dockerAt(socketPath: string): Docker {
  return new Docker({ socketPath });
}

export function callSignal(ms = CALL_TIMEOUT_MS): AbortSignal {
  return AbortSignal.timeout(ms);
}

type DockerErr = { statusCode?: number; json?: { message?: string }; code?: string; message?: string; name?: string };

export function statusOf(err: unknown): number | undefined {
  return (err as DockerErr)?.statusCode;
}

/** Turns a dockerode failure into an EngineError with the daemon's own message (json.message, not reason). */
export function engineError(action: string, err: unknown): EngineError {
  const e = err as DockerErr;
  if (e?.code === 'ENOENT' || e?.code === 'ECONNREFUSED' || e?.code === 'EACCES') {
    return new EngineError(`Docker Engine is not reachable (${e.code}); retrying`, true);
  }
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError') {
    return new EngineError(`Docker Engine did not answer in time while trying to ${action}; retrying`, true);
  }
  const msg = e?.json?.message ?? e?.message ?? String(err);
  const transient = !e?.statusCode || e.statusCode >= 500;
  return new EngineError(`Could not ${action}: ${msg}`, transient);
}
