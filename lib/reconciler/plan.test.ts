// The reconciler's decision table, written out by hand: every desired state × stored status × what the engine shows
// (× a pending restart, × whether this pass has just started it, × whether a backoff is running) has exactly one row
// saying what must happen and why. A change to plan() has to change this table too. Below it, a model of the engine
// checks that following plan() from any starting point reaches the desired state in a few steps and then stays
// there, and that a container that always exits at once is started again only after a backoff (issue 12, finding 9:
// the crash-restart rule is plan()'s; finding 8: the backoff grows).
import { describe, expect, it } from 'vitest';
import type { DesiredState, InstanceStatus } from '@/lib/generated/prisma/enums';
import type { Observation } from '@/lib/providers/types';
import { backoffMs, crashReason, crashRetry, plan, waitInWords, type PlanInput, type Step } from './plan';

const STATUSES: InstanceStatus[] = ['pending', 'creating', 'running', 'stopping', 'stopped', 'error', 'deleting', 'deleted'];
const DESIRED: DesiredState[] = ['running', 'stopped', 'deleted'];
const PENDING: (string | null)[] = [null, 'restart'];
const BOOLS = [false, true];

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
  /** Omitted: the row holds whether or not this pass has just started it. */
  justStarted?: boolean;
  /** Omitted: the row holds whether or not a backoff is running. */
  backingOff?: boolean;
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
  // desired running, the object stopped or dead: the crash-restart rule
  { desired: 'running', statuses: ['running'], seen: ['stopped'], pending: null, want: { do: 'crashed', status: 'error', reason: 'Exited with code 0' }, reason: 'it was running and stopped by itself: a crash, with its exit' },
  { desired: 'running', statuses: ['running'], seen: ['error'], pending: null, want: { do: 'crashed', status: 'error', reason: 'The container is dead' }, reason: 'it was running and died: a crash' },
  { desired: 'running', statuses: allBut('running'), seen: ['stopped'], pending: null, justStarted: true, want: { do: 'crashed', status: 'error', reason: 'Exited with code 0' }, reason: 'this pass started it and it has already exited: a crash (never a start in the same breath)' },
  { desired: 'running', statuses: allBut('running'), seen: ['error'], pending: null, justStarted: true, want: { do: 'crashed', status: 'error', reason: 'The container is dead' }, reason: 'started and dead at once: a crash' },
  { desired: 'running', statuses: allBut('running'), seen: ['stopped', 'error'], pending: null, justStarted: false, backingOff: true, want: { do: 'wait' }, reason: 'a crash is backing off: an event or a resync does not start it early' },
  { desired: 'running', statuses: allBut('running'), seen: ['stopped', 'error'], pending: null, justStarted: false, backingOff: false, want: { do: 'start', status: 'creating' }, reason: 'made but not running (never started, or its backoff is over): start it' },
  { desired: 'running', statuses: ['running'], seen: ['stopped', 'error'], pending: 'restart', backingOff: false, want: { do: 'start', status: 'running' }, reason: 'a restart under way: start again without showing "creating" (not a crash)' },
  { desired: 'running', statuses: allBut('running'), seen: ['stopped', 'error'], pending: 'restart', backingOff: false, want: { do: 'start', status: 'creating' }, reason: 'not running, a restart asked for: starting it is the restart' },
  { desired: 'running', statuses: ALL, seen: ['stopped', 'error'], pending: 'restart', backingOff: true, want: { do: 'wait' }, reason: 'a backoff still running holds a start back (a user request ends it: it resets the count)' },
  // desired stopped, object exists
  { desired: 'stopped', statuses: ALL, seen: ['running'], want: { do: 'stop', status: 'stopping' }, reason: 'running but should not be: stop it (a pending restart does not matter)' },
  { desired: 'stopped', statuses: ALL, seen: ['starting'], want: { do: 'stop', status: 'stopping' }, reason: 'still booting but should not run: stop it now, not after the boot' },
  { desired: 'stopped', statuses: ALL, seen: ['stopped'], want: { do: 'record', status: 'stopped', reason: undefined }, reason: 'stopped as wanted; an exit code is not an error' },
  { desired: 'stopped', statuses: ALL, seen: ['error'], want: { do: 'record', status: 'stopped', reason: 'The container is dead' }, reason: 'not running as wanted, but the engine reports a problem: keep its reason' },
];

type Case = PlanInput & { seen: Seen; want: Step; reason: string };
const either = (v: boolean | undefined) => (v === undefined ? BOOLS : [v]);

function expand(row: Row): Case[] {
  return row.statuses.flatMap((status) =>
    row.seen.flatMap((seen) =>
      (row.pending === undefined ? PENDING : [row.pending]).flatMap((pendingAction) =>
        either(row.justStarted).flatMap((justStarted) =>
          either(row.backingOff).map((backingOff) => ({
            desired: row.desired,
            status,
            pendingAction,
            justStarted,
            backingOff,
            observed: OBSERVED[seen],
            seen,
            want: row.want,
            reason: row.reason,
          })),
        ),
      ),
    ),
  );
}

const CASES = TABLE.flatMap(expand);
type Key = { desired: string; status: string; seen: string; pendingAction: string | null; justStarted: boolean; backingOff: boolean };
const keyOf = (c: Key) =>
  `${c.desired}/${c.status}/${c.seen}/${c.pendingAction ?? '-'}/${c.justStarted ? 'just-started' : 'not-started'}/${c.backingOff ? 'backing-off' : 'due'}`;

describe('plan: the decision table', () => {
  it('has exactly one row for every desired × status × observed × pending restart × just started × backing off', () => {
    const keys = CASES.map(keyOf);
    expect(new Set(keys).size, 'some combination is covered by two rows').toBe(keys.length);
    const every = DESIRED.flatMap((desired) =>
      STATUSES.flatMap((status) =>
        SEEN.flatMap((seen) =>
          PENDING.flatMap((pendingAction) => BOOLS.flatMap((justStarted) => BOOLS.map((backingOff) => keyOf({ desired, status, seen, pendingAction, justStarted, backingOff })))),
        ),
      ),
    );
    expect(keys.sort()).toEqual(every.sort());
  });

  it.each(CASES.map((c) => ({ ...c, name: keyOf(c) })))('$name → $want.do ($reason)', (c) => {
    const { desired, status, pendingAction, justStarted, backingOff, observed } = c;
    expect(plan({ desired, status, pendingAction, justStarted, backingOff, observed })).toEqual(c.want);
  });
});

describe('plan: volume attachments', () => {
  it('makes the engine object again when its volumes differ, for either desired state', () => {
    for (const desired of ['running', 'stopped'] as const) {
      const observed = { exists: true as const, engineRef: 'x', status: 'running' as const, endpoints: [] };
      expect(plan({ desired, status: 'running', pendingAction: null, justStarted: false, backingOff: false, observed, volumesChanged: true })).toEqual({ do: 'recreate', status: 'creating' });
    }
  });
  it('removes (not recreates) an instance being deleted, whatever its volumes', () => {
    const observed = { exists: true as const, engineRef: 'x', status: 'running' as const, endpoints: [] };
    expect(plan({ desired: 'deleted', status: 'running', pendingAction: null, justStarted: false, backingOff: false, observed, volumesChanged: true }).do).toBe('remove');
  });
});

describe('plan: following it converges', () => {
  // A model of the engine: what each step does to the object, as the Docker driver does it.
  function engineAfter(step: Exclude<Step, { do: 'record' | 'crashed' | 'wait' }>, seen: Seen): Seen {
    switch (step.do) {
      case 'create':
        return seen === 'absent' ? 'stopped' : seen; // created, not started; an existing object is adopted as is
      case 'start':
      case 'restart':
        return 'running';
      case 'stop':
        return 'stopped';
      case 'remove':
      case 'redeploy':
      case 'recreate':
        return 'absent';
    }
  }

  const starts = DESIRED.flatMap((desired) =>
    STATUSES.flatMap((status) =>
      SEEN.flatMap((seen) => PENDING.flatMap((pendingAction) => BOOLS.map((backingOff) => ({ desired, status, seen, pendingAction, backingOff })))),
    ),
  );

  it.each(starts.map((s) => ({ ...s, name: `${s.desired}/${s.status}/${s.seen}/${s.pendingAction ?? '-'}/${s.backingOff ? 'backing-off' : 'due'}` })))(
    '$name reaches $desired within 5 steps and then stays',
    ({ desired, status: initialStatus, seen: initialSeen, pendingAction: initialPending, backingOff: initialBackoff }) => {
      let status = initialStatus;
      let seen = initialSeen;
      let pendingAction = initialPending;
      let backingOff = initialBackoff;
      let justStarted = false;
      const trail: string[] = [];
      // At most crashed → wait → start → restart (pending from before) → record, or create → start → restart → record.
      for (let i = 0; i < 5; i++) {
        const step = plan({ desired, status, pendingAction, justStarted, backingOff, observed: OBSERVED[seen] });
        trail.push(step.do);
        justStarted = false;
        if (step.do === 'wait') {
          backingOff = false; // time passes: the backoff ends
          continue;
        }
        status = step.status;
        if (step.do === 'crashed') {
          backingOff = true; // the reconciler records the crash with a backoff
          continue;
        }
        if (step.do === 'record' && seen === 'starting') {
          seen = 'running'; // time passes: the guest finishes booting
          continue;
        }
        if (step.do === 'record') break;
        // Never an engine action that contradicts the wish.
        if (desired === 'deleted') expect(step.do, trail.join(' → ')).toBe('remove');
        if (desired === 'stopped') expect(['create', 'stop'], trail.join(' → ')).toContain(step.do);
        seen = engineAfter(step, seen);
        justStarted = step.do === 'start' || step.do === 'restart';
        if (step.do === 'restart') pendingAction = null; // the reconciler clears it after a restart
      }
      expect(trail.at(-1), `did not settle: ${trail.join(' → ')}`).toBe('record');
      const settledStatus: Record<DesiredState, InstanceStatus> = { running: 'running', stopped: 'stopped', deleted: 'deleted' };
      expect(status, trail.join(' → ')).toBe(settledStatus[desired]);
      // Settled means a fixed point: planning again changes nothing and touches no engine object.
      const again = plan({ desired, status, pendingAction, justStarted: false, backingOff: false, observed: OBSERVED[seen] });
      expect(again).toMatchObject({ do: 'record', status });
    },
  );

  it('a container that always exits at once is recorded as crashed after every start, and started again only after its backoff', () => {
    let status: InstanceStatus = 'stopped';
    let seen: Seen = 'stopped';
    let justStarted = false;
    let backingOff = false;
    const trail: string[] = [];
    for (let i = 0; i < 40; i++) {
      const step = plan({ desired: 'running', status, pendingAction: null, justStarted, backingOff, observed: OBSERVED[seen] });
      trail.push(step.do);
      justStarted = step.do === 'start';
      if (step.do === 'wait') backingOff = false; // the reconciler is woken only once the backoff is over
      else status = step.status;
      if (step.do === 'crashed') backingOff = true;
      if (step.do === 'start') seen = 'stopped'; // started, and exited at once
    }
    // start → crashed → wait → start → crashed → wait …: never two starts without a crash and a wait between.
    expect(trail.join(' ')).toMatch(/^start crashed (wait start crashed )+/);
    expect(trail.join(' ')).not.toMatch(/start (?!crashed)/);
  });
});

describe('crashRetry: the crash-loop backoff (issue 12, finding 8)', () => {
  const now = new Date('2026-12-05T10:00:00Z');
  const ago = (s: number) => new Date(now.getTime() - s * 1000);
  it.each([
    { crashes: 0, runningSince: null, want: { crashes: 1, delayMs: 1_000 }, reason: 'first crash: 1 s' },
    { crashes: 1, runningSince: ago(2), want: { crashes: 2, delayMs: 2_000 }, reason: 'again soon after: doubles' },
    { crashes: 2, runningSince: null, want: { crashes: 3, delayMs: 4_000 }, reason: 'exited before it was ever seen running: doubles' },
    { crashes: 4, runningSince: null, want: { crashes: 5, delayMs: 16_000 }, reason: 'doubles' },
    { crashes: 8, runningSince: null, want: { crashes: 9, delayMs: 256_000 }, reason: 'doubles, past the engine-failure cap of 60 s' },
    { crashes: 9, runningSince: null, want: { crashes: 10, delayMs: 300_000 }, reason: '512 s is capped at 5 min' },
    { crashes: 5000, runningSince: null, want: { crashes: 5001, delayMs: 300_000 }, reason: 'no overflow to Infinity after days of crashing' },
    { crashes: 7, runningSince: ago(59), want: { crashes: 8, delayMs: 128_000 }, reason: 'ran for 59 s: still the same crash loop' },
    { crashes: 7, runningSince: ago(60), want: { crashes: 1, delayMs: 1_000 }, reason: 'ran for a minute: the loop is over, this crash is a first' },
    { crashes: 7, runningSince: ago(3600), want: { crashes: 1, delayMs: 1_000 }, reason: 'ran for an hour: a first crash' },
    { crashes: -2, runningSince: null, want: { crashes: 1, delayMs: 1_000 }, reason: 'a nonsense count behaves like none' },
  ])('$crashes before, running since $runningSince → $want.crashes, $want.delayMs ms ($reason)', ({ crashes, runningSince, want }) => {
    expect(crashRetry(crashes, runningSince, now)).toEqual(want);
  });

  it('never shrinks as crashes add up', () => {
    for (let n = 0; n < 100; n++) expect(crashRetry(n + 1, null, now).delayMs).toBeGreaterThanOrEqual(crashRetry(n, null, now).delayMs);
  });

  it.each([
    { reason: 'Exited with code 3', crashes: 1, want: 'Stopped unexpectedly: Exited with code 3' },
    { reason: undefined, crashes: 1, want: 'Stopped unexpectedly' },
    { reason: 'Exited with code 3', crashes: 5, want: 'Crash loop: Exited with code 3, 5 times in a row' },
    { reason: undefined, crashes: 2, want: 'Crash loop: stopped unexpectedly, 2 times in a row' },
  ])('says $want', ({ reason, crashes, want }) => {
    expect(crashReason(reason, crashes)).toBe(want);
  });

  it.each([
    { ms: 0, want: '1 s' },
    { ms: 1, want: '1 s' },
    { ms: 15_001, want: '16 s' },
    { ms: 60_000, want: '1 min' },
    { ms: 299_500, want: '5 min' },
    { ms: 128_000, want: '2 min 8 s' },
  ])('a wait of $ms ms reads "$want"', ({ ms, want }) => {
    expect(waitInWords(ms)).toBe(want);
  });
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

describe('plan: health checks and redeploys', () => {
  const unhealthy: Observation = { exists: true, engineRef: 'c0ffee', status: 'error', reason: 'unhealthy: GET /healthz returned 500 3 times', endpoints: [], health: 'unhealthy' };
  const base = { pendingAction: null, justStarted: false, backingOff: false };

  it('a container failing its health check is a crash once (whether or not it was ever healthy), then restarted after the backoff', () => {
    for (const status of ['running', 'creating'] as const) {
      expect(plan({ ...base, desired: 'running', status, observed: unhealthy })).toEqual({ do: 'crashed', status: 'error', reason: unhealthy.reason });
    }
    expect(plan({ ...base, desired: 'running', status: 'error', observed: unhealthy, backingOff: true })).toEqual({ do: 'wait' });
    expect(plan({ ...base, desired: 'running', status: 'error', observed: unhealthy })).toEqual({ do: 'start', status: 'creating' });
    // Wanted stopped: it still runs, so it is stopped.
    expect(plan({ ...base, desired: 'stopped', status: 'error', observed: unhealthy })).toEqual({ do: 'stop', status: 'stopping' });
    expect(crashReason(unhealthy.reason, 1, true)).toBe('unhealthy: GET /healthz returned 500 3 times');
    expect(crashReason(unhealthy.reason, 3, true)).toBe('unhealthy: GET /healthz returned 500 3 times (restarted 2 times in a row)');
  });

  it('a deployed version replaces the engine object, whatever it shows, unless the instance is being deleted', () => {
    for (const seen of ['running', 'stopped', 'error'] as const) {
      for (const desired of ['running', 'stopped'] as const) {
        expect(plan({ ...base, pendingAction: 'redeploy', desired, status: 'running', observed: OBSERVED[seen] })).toEqual({ do: 'redeploy', status: 'creating' });
      }
      expect(plan({ ...base, pendingAction: 'redeploy', desired: 'deleted', status: 'running', observed: OBSERVED[seen] })).toEqual({ do: 'remove', status: 'deleting' });
    }
    expect(plan({ ...base, pendingAction: 'redeploy', desired: 'running', status: 'creating', observed: OBSERVED.absent })).toEqual({ do: 'create', status: 'creating' });
  });
});
