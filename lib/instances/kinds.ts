// What the console calls each kind of workload, in one place (wizard, calculator, charts, admin pages).
export const WORKLOAD_KINDS = {
  container: { label: 'Container', plural: 'Containers' },
  vm: { label: 'Virtual machine', plural: 'Virtual machines' },
  function: { label: 'Function', plural: 'Functions' },
} as const;

export type WorkloadKind = keyof typeof WORKLOAD_KINDS;

/** What else a bill's line or chart can be for: storage billed apart from any workload. */
const BILLED_KINDS: Record<string, { label: string; plural: string }> = {
  volume: { label: 'Volume', plural: 'Volumes' },
  registry: { label: 'Image registry', plural: 'Image registry' },
};

/** The kind's name ("Virtual machine"), or the raw value for a kind this build does not know. */
export function kindLabel(kind: string, plural = false): string {
  const k = WORKLOAD_KINDS[kind as WorkloadKind] ?? (Object.hasOwn(BILLED_KINDS, kind) ? BILLED_KINDS[kind] : undefined);
  return k ? (plural ? k.plural : k.label) : kind;
}
