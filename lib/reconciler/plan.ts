// The reconciler's decision, as a pure function: from what the user wants and what the engine has, the one next
// step. Each step is idempotent, so repeating a step after a crash is always safe.
import type { DesiredState, InstanceStatus } from '@/lib/generated/prisma/enums';
import type { Observation } from '@/lib/providers/types';

export type Step =
  | { do: 'create'; status: 'creating' }
  | { do: 'start'; status: 'creating' | 'running' }
  | { do: 'stop'; status: 'stopping' }
  | { do: 'restart'; status: 'running' }
  | { do: 'remove'; status: 'deleting' }
  /** Nothing to do on the engine: record what it shows. */
  | { do: 'record'; status: InstanceStatus; reason?: string; finalDelete?: boolean };

export type PlanInput = {
  desired: DesiredState;
  status: InstanceStatus;
  pendingAction: string | null;
  /** Whether the engine object was ever recorded (to tell "vanished" from "not made yet"). */
  hadEngineRef: boolean;
  observed: Observation;
};

export function plan(i: PlanInput): Step {
  const o = i.observed;
  if (i.desired === 'deleted') {
    return o.exists ? { do: 'remove', status: 'deleting' } : { do: 'record', status: 'deleted', finalDelete: true };
  }
  if (!o.exists) {
    // Not made yet, or made and then removed behind our back: (re)create it for either desired state, so that a
    // stopped instance can start again later. A vanished one is noted in its reason.
    return { do: 'create', status: 'creating' };
  }
  if (i.desired === 'running') {
    // Up but not ready yet (a VM's guest booting): wait, showing "creating" until it is ready (or "running" through
    // a reboot); a pending restart waits for the boot to end.
    if (o.status === 'starting') return { do: 'record', status: i.status === 'running' ? 'running' : 'creating', reason: o.reason };
    if (o.status === 'running') {
      return i.pendingAction === 'restart' ? { do: 'restart', status: 'running' } : { do: 'record', status: 'running' };
    }
    return { do: 'start', status: i.status === 'running' ? 'running' : 'creating' };
  }
  // desired stopped
  if (o.status === 'running' || o.status === 'starting') return { do: 'stop', status: 'stopping' };
  return { do: 'record', status: 'stopped', reason: o.status === 'error' ? o.reason : undefined };
}

/** Retry delay after `attempts` failures in a row: 1 s, 2 s, 4 s … capped at 60 s. */
export function backoffMs(attempts: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, attempts - 1));
}
