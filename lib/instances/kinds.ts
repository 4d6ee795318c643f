// What the console calls each kind of workload, in one place (wizard, calculator, charts, admin pages).
export const WORKLOAD_KINDS = {
  container: { label: 'Container', plural: 'Containers' },
  vm: { label: 'Virtual machine', plural: 'Virtual machines' },
  function: { label: 'Function', plural: 'Functions' },
} as const;

export type WorkloadKind = keyof typeof WORKLOAD_KINDS;

/** The kind's name ("Virtual machine"), or the raw value for a kind this build does not know. */
export function kindLabel(kind: string, plural = false): string {
  const k = WORKLOAD_KINDS[kind as WorkloadKind];
  return k ? (plural ? k.plural : k.label) : kind;
}
