// What fences the reconciler's writes: a pass ends as soon as its lease is lost or a user asked for something new.

/** A pass's write found the lease lost or a newer user request: the pass ends without writing. */
export class Superseded extends Error {
  override name = 'Superseded';
}

/** One pass on one instance. `ended` is set once a lease renewal or a fenced write failed: nothing more is done. */
export type Pass = { ended: boolean };

/** Who writes, and in which pass: what snapshot work needs to fence its own writes. */
export type Fence = { owner: string; pass: Pass };
