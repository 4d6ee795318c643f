// The limits of a tenant, with what is in use (usage arrives as instances and functions do).
type Quota = { maxVcpus: number; maxMemoryMib: number; maxInstances: number; maxFunctions: number; maxDiskGib: number };

export function QuotaTable({ quota, used }: { quota: Quota; used?: Partial<Quota> }) {
  const rows: [string, keyof Quota, (n: number) => string][] = [
    ['vCPUs', 'maxVcpus', String],
    ['Memory', 'maxMemoryMib', (n) => `${(n / 1024).toLocaleString('en')} GiB`],
    ['Instances', 'maxInstances', String],
    ['Functions', 'maxFunctions', String],
    ['Disk', 'maxDiskGib', (n) => `${n} GiB`],
  ];
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Quota limits and usage</caption>
      <thead>
        <tr className="border-b border-zinc-200 text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
          <th scope="col" className="py-2 font-medium">Resource</th>
          <th scope="col" className="py-2 font-medium">In use</th>
          <th scope="col" className="py-2 font-medium">Limit</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, key, fmt]) => (
          <tr key={key} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800">
            <th scope="row" className="py-2 font-normal">{label}</th>
            <td className="py-2">{fmt(used?.[key] ?? 0)}</td>
            <td className="py-2">{fmt(quota[key])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
