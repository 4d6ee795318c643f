// TEMPORARY stand-in with the signature fixed in issue #6 until wt-fncore's lib/functions/cache.ts is merged (take
// theirs at the merge): there is no gateway cache on this branch yet, so there is nothing to drop.
export function invalidateFunction(functionId: string): void {
  void functionId;
}
