'use client';
// The instance page's live data: the instance, re-read when the organisation's event stream announces a change of
// it, shared by every section that depends on its state
// (status and actions, metrics and the terminal only while it runs).
import { createContext, useContext, type ReactNode } from 'react';
import type { InstanceDetail } from '@/lib/instances/queries';
import { useLive } from '@/components/live/use-live';

type Live = { data: InstanceDetail; error: string | null };
const LiveInstance = createContext<Live | null>(null);

export function InstanceProvider({ apiUrl, initial, children }: { apiUrl: string; initial: InstanceDetail; children: ReactNode }) {
  const live = useLive<InstanceDetail>(apiUrl, initial, (c) => c.kind === 'instance' && c.id === initial.id);
  return <LiveInstance.Provider value={live}>{children}</LiveInstance.Provider>;
}

export function useInstance(): Live {
  const live = useContext(LiveInstance);
  if (!live) throw new Error('useInstance needs an <InstanceProvider> above it');
  return live;
}

/** Running now and meant to keep running: what metrics and the terminal need. */
export function isRunning(i: InstanceDetail): boolean {
  return i.status === 'running' && i.desiredState === 'running';
}
