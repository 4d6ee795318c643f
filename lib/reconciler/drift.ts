// The resync's comparison, as a pure function: a row as recorded against one listing of its engine. The periodic
// resync (every 30 s, and after the engine's event stream reconnects) asks for a pass only for the instances this
// says have drifted, so a large organisation costs one query and one listing per engine, not a pass per instance.
import type { DesiredState, InstanceStatus } from '@/lib/generated/prisma/enums';
import type { ManagedObject } from '@/lib/providers/types';

export type ResyncRow = {
  id: string;
  desiredState: DesiredState;
  status: InstanceStatus;
  pendingAction: string | null;
  engineRef: string | null;
  generation: number;
  observedGeneration: number;
};

/**
 * Whether the instance needs a pass: its engine could not be listed (or the listing cannot tell states apart); the
 * row is not settled (a request or a retry under way, an error, a deletion) or not caught up with its last request;
 * or the engine does not have what the row says — no object, another object, or one in another state than the
 * settled status (a stopped instance keeps its engine object, stopped).
 */
export function drifted(row: ResyncRow, listing: ReadonlyMap<string, ManagedObject> | null | undefined): boolean {
  if (!listing) return true;
  if (row.pendingAction !== null || row.generation !== row.observedGeneration) return true;
  if (row.desiredState !== row.status || (row.status !== 'running' && row.status !== 'stopped')) return true;
  const obj = listing.get(row.id);
  if (!obj || obj.state === undefined || obj.engineRef !== row.engineRef) return true;
  return obj.state !== row.status;
}
