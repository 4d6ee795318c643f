// `overcast estimate CATALOG.json WORKLOAD.json [--json]`: prices a workload with a catalog file, offline, with
// the estimator the console uses. Exits 2 with the reasons when either file is invalid.
import fs from 'node:fs';
import { estimate } from '../lib/billing/estimate';
import { catalogFromFile, ZCatalogFile } from '../lib/billing/catalog-format';
import { ZWorkload } from '../lib/billing/workload';
import { formatMoney, UNITS } from '../lib/billing/units';

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const [catalogPath, workloadPath] = args.filter((a) => a !== '--json');
if (!catalogPath || !workloadPath) {
  console.error('usage: overcast estimate CATALOG.json WORKLOAD.json [--json]   (examples in docs/examples/)');
  process.exit(2);
}

function load<T>(path: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }): T {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(path, 'utf8'));
  } catch (err) {
    console.error(`${path}: ${(err as Error).message}`);
    process.exit(2);
  }
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  for (const i of r.error.issues) console.error(`${path}: ${i.path.join('.') || '(top)'}: ${i.message}`);
  process.exit(2);
}

const catalog = catalogFromFile(load(catalogPath, ZCatalogFile));
const result = estimate(load(workloadPath, ZWorkload), catalog);
if (asJson) {
  console.log(JSON.stringify(result, null, 2));
} else {
  const money = (minor: number) => formatMoney(minor, result.currency, result.minorUnits);
  const rows = result.lines.map((l) => [l.description, `${l.quantity} ${UNITS[l.unit].quantity}${l.freeQuantity !== '0' ? ` (${l.freeQuantity} free)` : ''}`, `${l.unitPrice} ${UNITS[l.unit].price}`, money(l.amountMinor)]);
  const head = ['Item', 'Quantity', 'Unit price', 'Amount'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  console.log(`Prices: ${result.catalog} (${result.currency}, ${result.hoursPerMonth} hours a month)\n`);
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  for (const u of result.unpriced) console.log(`not priced: item ${u.item + 1}: ${u.reason}`);
  console.log(`\nMonthly total: ${money(result.monthlyMinor)}  (about ${result.hourly} ${result.currency} hourly)`);
}
