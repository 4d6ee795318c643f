// The Docker driver's own fields of an instance: what a container runs (command, entrypoint, working directory,
// user), its environment and its health check. Read from the instance's stored spec (lib/instances/spec.ts validates
// them when a user creates or deploys); the environment's secret values open only when the container is made.
import type { DriverInstance, EnvVar, HealthCheckSpec, SpecSource } from '@/lib/providers/types';

export type ContainerSpec = {
  /** The image's command replaced (empty: the image's). */
  command: string[];
  /** The entrypoint, working directory and user instead of the image's (absent or empty: the image's). */
  entrypoint?: string[];
  workingDir?: string;
  user?: string;
  /** Opened on first read (a getter): only creating the container reads it. */
  readonly env: EnvVar[];
  healthCheck?: HealthCheckSpec;
};

export type ContainerInstance = DriverInstance<ContainerSpec>;

const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function containerSpecOf(source: SpecSource): ContainerSpec {
  const s = source.stored;
  let env: EnvVar[] | undefined;
  return {
    command: strings(s.command) ?? [],
    entrypoint: strings(s.entrypoint),
    workingDir: text(s.workingDir),
    user: text(s.user),
    healthCheck: (s.healthCheck as HealthCheckSpec | null | undefined) ?? undefined,
    get env() {
      return (env ??= source.openEnv());
    },
  };
}
