// The reconciler's decision table, written out by hand: every desired state × stored status × what the engine shows
// (× a pending restart, × whether an engine object was ever recorded) has exactly one row saying what must happen
// and why. A change to plan() has to change this table too. Below it, a model of the engine checks that following
// plan() from any starting point reaches the desired state in a few steps and then stays there.
import { describe, expect, it } from 'vitest';
import type { DesiredState, InstanceStatus } from '@/lib/generated/prisma/enums';
import type { Observation } from '@/lib/providers/types';
import { backoffMs, plan, type PlanInput, type Step } from './plan';

const STATUSES: InstanceStatus[] = ['pending', 'creating', 'running', 'stopping', 'stopped', 'error', 'deleting', 'deleted'];
const DESIRED: DesiredState[] = ['running', 'stopped', 'deleted'];
const PENDING: (string | null)[] = [null, 'restart'];

type Seen = 'absent' | 'running' | 'starting' | 'stopped' | 'error';
const SEEN: Seen[] = ['absent', 'running', 'starting', 'stopped', 'error'];
const OBSERVED: Record<Seen, Observation> = {
  absent: { exists: false },
  running: { exists: true, engineRef: 'c0ffee', status: 'running', endpoints: [{ port: 8080, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 49153 }] },
  starting: { exists: true, engineRef: 'c0ffee', status: 'starting', reason: 'The guest is booting', endpoints: [] },
  stopped: { exists: true, engineRef: 'c0ffee', status: 'stopped', reason: 'Exited with code 0', endpoints: [] },
  error: { exists: true, engineRef: 'c0ffee', status: 'error', reason: 'The container is dead', endpoints: [] },
};

const ALL = STATUSES;
const allBut = (...except: InstanceStatus[]) => STATUSES.filter((s) => !except.includes(s));

type Row = {
  desired: DesiredState;
  statuses: InstanceStatus[];
  seen: Seen[];
  /** Omitted: the row holds with and without a pending restart. */
  pending?: string | null;
  want: Step;
  reason: string;
};

const TABLE: Row[] = [
  // desired deleted
  { desired: 'deleted', statuses: ALL, seen: ['absent'], want: { do: 'record', status: 'deleted', finalDelete: true }, reason: 'nothing left on the engine: the deletion is complete' },
  { desired: 'deleted', statuses: ALL, seen: ['running', 'starting', 'stopped', 'error'], want: { do: 'remove', status: 'deleting' }, reason: 'an engine object exists, whatever its state: remove it' },
  // no engine object, instance should exist
  { desired: 'running', statuses: ALL, seen: ['absent'], want: { do: 'create', status: 'creating' }, reason: 'not made yet, or removed behind our back: make it' },
  { desired: 'stopped', statuses: ALL, seen: ['absent'], want: { do: 'create', status: 'creating' }, reason: 'a stopped instance still owns its (stopped) container, so it can start later' },
  // desired running, object exists
  { desired: 'running', statuses: ALL, seen: ['running'], pending: null, want: { do: 'record', status: 'running' }, reason: 'already running: only record it' },
  { desired: 'running', statuses: ALL, seen: ['running'], pending: 'restart', want: { do: 'restart', status: 'running' }, reason: 'a user asked for a restart of a running container' },
  { desired: 'running', statuses: ['running'], seen: ['starting'], want: { do: 'record', status: 'running', reason: 'The guest is booting' }, reason: 'rebooting (a VM after a reset): still running, a pending restart waits for the boot' },
  { desired: 'running', statuses: allBut('running'), seen: ['starting'], want: { do: 'record', status: 'creating', reason: 'The guest is booting' }, reason: 'up but not ready (a VM booting): not "running" until the guest is ready' },
  { desired: 'running', statuses: ['running'], seen: ['stopped', 'error'], want: { do: 'start', status: 'running' }, reason: 'was running (e.g. mid-restart): start again without showing "creating"' },
  { desired: 'running', statuses: allBut('running'), seen: ['stopped', 'error'], want: { do: 'start', status: 'creating' }, reason: 'made but not running: start it' },
  // desired stopped, object exists
  { desired: 'stopped', statuses: ALL, seen: ['running'], want: { do: 'stop', status: 'stopping' }, reason: 'running but should not be: stop it (a pending restart does not matter)' },
  { desired: 'stopped', statuses: ALL, seen: ['starting'], want: { do: 'stop', status: 'stopping' }, reason: 'still booting but should not run: stop it now, not after the boot' },
  { desired: 'stopped', statuses: ALL, seen: ['stopped'], want: { do: 'record', status: 'stopped', reason: undefined }, reason: 'stopped as wanted; an exit code is not an error' },
  { desired: 'stopped', statuses: ALL, seen: ['error'], want: { do: 'record', status: 'stopped', reason: 'The container is dead' }, reason: 'not running as wanted, but the engine reports a problem: keep its reason' },
];

type Case = PlanInput & { seen: Seen; want: Step; reason: string };

function expand(row: Row): Case[] {
  return row.statuses.flatMap((status) =>
    row.seen.flatMap((seen) =>
      (row.pending === undefined ? PENDING : [row.pending]).flatMap((pendingAction) =>
        [true, false].map((hadEngineRef) => ({
          desired: row.desired,
          status,
          pendingAction,
          hadEngineRef,
          observed: OBSERVED[seen],
          seen,
          want: row.want,
          reason: row.reason,
        })),
      ),
    ),
  );
}

const CASES = TABLE.flatMap(expand);
const keyOf = (c: { desired: string; status: string; seen: string; pendingAction: string | null; hadEngineRef: boolean }) =>
  `${c.desired}/${c.status}/${c.seen}/${c.pendingAction ?? '-'}/${c.hadEngineRef ? 'ref' : 'noref'}`;

describe('plan: the decision table', () => {
  it('has exactly one row for every desired × status × observed × pending restart × recorded ref', () => {
    const keys = CASES.map(keyOf);
    expect(new Set(keys).size, 'some combination is covered by two rows').toBe(keys.length);
    const every = DESIRED.flatMap((desired) =>
      STATUSES.flatMap((status) =>
        SEEN.flatMap((seen) => PENDING.flatMap((pendingAction) => [true, false].map((hadEngineRef) => keyOf({ desired, status, seen, pendingAction, hadEngineRef })))),
      ),
    );
    expect(keys.sort()).toEqual(every.sort());
  });

  it.each(CASES.map((c) => ({ ...c, name: keyOf(c) })))('$name → $want.do ($reason)', (c) => {
    const { desired, status, pendingAction, hadEngineRef, observed } = c;
    expect(plan({ desired, status, pendingAction, hadEngineRef, observed })).toEqual(c.want);
  });
});

describe('plan: following it converges', () => {
  // A model of the engine: what each step does to the object, as the Docker driver does it.
  function engineAfter(step: Exclude<Step, { do: 'record' }>, seen: Seen): Seen {
    switch (step.do) {
      case 'create':
        return seen === 'absent' ? 'stopped' : seen; // created, not started; an existing object is adopted as is
      case 'start':
      case 'restart':
        return 'running';
      case 'stop':
        return 'stopped';
      case 'remove':
        return 'absent';
    }
  }

  const starts = DESIRED.flatMap((desired) =>
    STATUSES.flatMap((status) => SEEN.flatMap((seen) => PENDING.map((pendingAction) => ({ desired, status, seen, pendingAction })))),
  );

  it.each(starts.map((s) => ({ ...s, name: `${s.desired}/${s.status}/${s.seen}/${s.pendingAction ?? '-'}` })))(
    '$name reaches $desired within 4 steps and then stays',
    ({ desired, status: initialStatus, seen: initialSeen, pendingAction: initialPending }) => {
      let status = initialStatus;
      let seen = initialSeen;
      let pendingAction = initialPending;
      const trail: string[] = [];
      // At most create → start → (a restart still pending from before the object vanished) → record.
      for (let i = 0; i < 4; i++) {
        const step = plan({ desired, status, pendingAction, hadEngineRef: seen !== 'absent', observed: OBSERVED[seen] });
        trail.push(step.do);
        status = step.status;
        if (step.do === 'record' && seen === 'starting') {
          seen = 'running'; // time passes: the guest finishes booting
          continue;
        }
        if (step.do === 'record') break;
        // Never an engine action that contradicts the wish.
        if (desired === 'deleted') expect(step.do, trail.join(' → ')).toBe('remove');
        if (desired === 'stopped') expect(['create', 'stop'], trail.join(' → ')).toContain(step.do);
        seen = engineAfter(step, seen);
        if (step.do === 'restart') pendingAction = null; // the reconciler clears it after a restart
      }
      expect(trail.at(-1), `did not settle: ${trail.join(' → ')}`).toBe('record');
      const settledStatus: Record<DesiredState, InstanceStatus> = { running: 'running', stopped: 'stopped', deleted: 'deleted' };
      expect(status, trail.join(' → ')).toBe(settledStatus[desired]);
      // Settled means a fixed point: planning again changes nothing and touches no engine object.
      const again = plan({ desired, status, pendingAction, hadEngineRef: seen !== 'absent', observed: OBSERVED[seen] });
      expect(again).toMatchObject({ do: 'record', status });
    },
  );
});

describe('backoffMs', () => {
  it.each([
    { attempts: 0, want: 1_000, reason: 'no failure yet still waits a second (never a hot loop)' },
    { attempts: 1, want: 1_000, reason: 'first failure: 1 s' },
    { attempts: 2, want: 2_000, reason: 'doubles' },
    { attempts: 3, want: 4_000, reason: 'doubles' },
    { attempts: 6, want: 32_000, reason: 'doubles' },
    { attempts: 7, want: 60_000, reason: '64 s is capped at 60 s' },
    { attempts: 1000, want: 60_000, reason: 'no overflow to Infinity for a long outage' },
    { attempts: -3, want: 1_000, reason: 'a nonsense count behaves like the first attempt' },
  ])('$attempts failures → $want ms ($reason)', ({ attempts, want }) => {
    expect(backoffMs(attempts)).toBe(want);
  });

  it('never shrinks as failures add up', () => {
    for (let n = 0; n < 100; n++) expect(backoffMs(n + 1)).toBeGreaterThanOrEqual(backoffMs(n));
  });
});
