// The reconciler's decision, as a pure function: from what the user wants and what the engine has, the one next
// step. Each step is idempotent, so repeating a step after a crash is always safe. Also pure: the backoff rules.
import type { DesiredState, InstanceStatus } from '@/lib/generated/prisma/enums';
import type { Observation } from '@/lib/providers/types';

export type Step =
  | { do: 'create'; status: 'creating' }
  | { do: 'start'; status: 'creating' | 'running' }
  | { do: 'stop'; status: 'stopping' }
  | { do: 'restart'; status: 'running' }
  /** A new version was deployed: remove the engine object; the next steps create it again from the new spec. */
  | { do: 'redeploy'; status: 'creating' }
  | { do: 'remove'; status: 'deleting' }
  /** Its volume attachments changed: remove the engine object, which the next step makes again (volumes kept). */
  | { do: 'recreate'; status: 'creating' }
  /** Nothing to do on the engine: record what it shows. */
  | { do: 'record'; status: InstanceStatus; reason?: string; finalDelete?: boolean }
  /** It stopped by itself while it should run: record the crash; it is started again after a backoff (crashRetry). */
  | { do: 'crashed'; status: 'error'; reason?: string }
  /** It crashed and its backoff has not ended: touch neither the engine nor the row. */
  | { do: 'wait' };

export type PlanInput = {
  desired: DesiredState;
  status: InstanceStatus;
  pendingAction: string | null;
  observed: Observation;
  /** This pass has just started (or restarted) it: found stopped now, it exited at once. */
  justStarted: boolean;
  /** It crashed, and the wait before starting it again has not ended yet. */
  backingOff: boolean;
  /** The engine object was made with other volumes than the instance has now. */
  volumesChanged?: boolean;
};

export function plan(i: PlanInput): Step {
  const o = i.observed;
  if (i.desired === 'deleted') {
    return o.exists ? { do: 'remove', status: 'deleting' } : { do: 'record', status: 'deleted', finalDelete: true };
  }
  if (!o.exists) {
    // Not made yet, or made and then removed behind our back: (re)create it for either desired state, so that a
    // stopped instance can start again later. A vanished one is noted in its reason. (Making it starts nothing, so
    // a backoff does not hold it up.)
    return { do: 'create', status: 'creating' };
  }
  if (i.pendingAction === 'redeploy') return { do: 'redeploy', status: 'creating' };
  if (i.volumesChanged) return { do: 'recreate', status: 'creating' };
  if (i.desired === 'running') {
    // Up but not ready yet (a VM's guest booting): wait, showing "creating" until it is ready (or "running" through
    // a reboot); a pending restart waits for the boot to end.
    if (o.status === 'starting') return { do: 'record', status: i.status === 'running' ? 'running' : 'creating', reason: o.reason };
    if (o.status === 'running') {
      return i.pendingAction === 'restart' ? { do: 'restart', status: 'running' } : { do: 'record', status: 'running' };
    }
    // Stopped (or dead). It was running, or this pass just started it, and no restart of the user's is under way:
    // it crashed.
    // Failing its health check counts as a crash, once (recorded as error, it is restarted after the backoff), even
    // when it never became healthy.
    if (!i.pendingAction && (i.status === 'running' || i.justStarted || (o.health === 'unhealthy' && i.status !== 'error'))) {
      return { do: 'crashed', status: 'error', reason: o.reason };
    }
    // A crash asked for a pause before the next start: an event or a resync does not cut it short.
    if (i.backingOff) return { do: 'wait' };
    return { do: 'start', status: i.status === 'running' ? 'running' : 'creating' };
  }
  // desired stopped
  if (o.status === 'running' || o.status === 'starting' || o.health === 'unhealthy') return { do: 'stop', status: 'stopping' };
  return { do: 'record', status: 'stopped', reason: o.status === 'error' ? o.reason : undefined };
}

/** Retry delay after `attempts` engine failures in a row: 1 s, 2 s, 4 s … capped at 60 s. */
export function backoffMs(attempts: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

/** A run at least this long ends a crash loop: the next crash counts as the first. */
export const STABLE_RUN_MS = 60_000;
/** The longest wait between two starts of a crash-looping instance. */
export const CRASH_BACKOFF_CAP_MS = 5 * 60_000;

/**
 * After a crash: how many crashes in a row this makes (the count goes on unless the instance had run for
 * STABLE_RUN_MS; a user's request resets it to 0 beforehand) and how long to wait before starting it again:
 * 1 s, 2 s, 4 s … capped at 5 min.
 */
export function crashRetry(crashes: number, runningSince: Date | null, now: Date): { crashes: number; delayMs: number } {
  const ranLongEnough = runningSince !== null && now.getTime() - runningSince.getTime() >= STABLE_RUN_MS;
  const n = (ranLongEnough ? 0 : Math.max(0, crashes)) + 1;
  return { crashes: n, delayMs: Math.min(CRASH_BACKOFF_CAP_MS, 1000 * 2 ** (n - 1)) };
}

/** What the status says after the `crashes`-th crash in a row (the console adds when the next try is). */
export function crashReason(engineReason: string | undefined, crashes: number, unhealthy = false): string {
  // "unhealthy: GET /healthz returned 500 3 times" says it all; a loop adds how many restarts in a row.
  if (unhealthy && engineReason) return crashes <= 1 ? engineReason : `${engineReason} (restarted ${crashes - 1} times in a row)`;
  return crashes <= 1 ? `Stopped unexpectedly${engineReason ? `: ${engineReason}` : ''}` : `Crash loop: ${engineReason ?? 'stopped unexpectedly'}, ${crashes} times in a row`;
}

/** "8 s", "2 min 8 s": a wait as the console shows it (rounded up: "next try in 0 s" would be a lie). */
export function waitInWords(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
}
