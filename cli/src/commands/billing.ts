// ovc estimate (what a workload would cost a month) and ovc bill (the organisation's month so far).
import { UsageError, intOption, numberOption, stringOption } from '../args.ts';
import { fields, formatMoney, table } from '../format.ts';
import type { Command } from '../context.ts';
import { pick, readFileFor, type Catalog } from './instances.ts';

type Line = { description: string; quantity: string; unitPrice: string; amountMinor: number };
type Estimate = { catalog: string; currency: string; minorUnits: number; lines: Line[]; unpriced: { item: number; reason: string }[]; monthlyMinor: number; hourly: string };
type Bill = {
  month: string;
  status: string;
  catalog: string;
  currency: string;
  minorUnits: number;
  lines: (Line & { instanceName: string; kind: string })[];
  totalMinor: number;
  forecastMinor: number | null;
  budget: { amountMinor: number } | null;
  unpriced: string[];
};

/** The provider functions are metered under (lib/functions/recorder.ts). */
const FUNCTIONS_PROVIDER = 'functions';

const money = (minor: number, o: { currency: string; minorUnits: number }) => formatMoney(minor, o.currency, o.minorUnits);

export const billingCommands: Command[] = [
  {
    path: ['estimate'],
    summary: 'What a workload would cost a month (nothing is created)',
    options: {
      kind: { type: 'string', value: 'KIND', description: 'An instance: container or vm (with --flavor).' },
      flavor: { type: 'string', value: 'FLAVOR', description: 'The instance’s flavor (name or id, as `instances create` takes).' },
      count: { type: 'string', value: 'N', description: 'How many such instances (default 1).' },
      hours: { type: 'string', value: 'H', description: 'Hours each runs in the month (default: all month).' },
      disk: { type: 'string', value: 'GIB', description: 'Disk per instance in GiB (default: the flavor’s).' },
      requests: { type: 'string', value: 'N', description: 'A function: invocations a month (with --duration and --memory).' },
      duration: { type: 'string', value: 'MS', description: 'A function’s average duration in milliseconds.' },
      memory: { type: 'string', value: 'MB', description: 'A function’s memory in MB (default 128).' },
      file: { type: 'string', value: 'FILE', description: 'A whole workload as the API takes it: {"items": [...]}.' },
      compare: { type: 'boolean', description: 'Price it under every price list, not only the one bills use.' },
    },
    details:
      'Examples:\n' +
      '  ovc estimate --kind container --flavor c1.small --count 3\n' +
      '  ovc estimate --requests 3000000 --duration 100 --memory 128 --compare\n' +
      '  ovc estimate --file workload.json --json',
    async run(ctx) {
      const v = ctx.values;
      const items: unknown[] = [];
      const file = stringOption(v, 'file');
      if (file !== undefined) {
        let workload: { items?: unknown };
        try {
          workload = JSON.parse(readFileFor(file, 'file', ctx.command)) as { items?: unknown };
        } catch (err) {
          if (err instanceof UsageError) throw err;
          throw new UsageError(`--file: ${file} is not JSON`, ctx.command);
        }
        if (!Array.isArray(workload?.items)) throw new UsageError(`--file: ${file} has no "items" list`, ctx.command);
        items.push(...workload.items);
      }
      const flavorRef = stringOption(v, 'flavor');
      const kind = stringOption(v, 'kind');
      if (flavorRef !== undefined || kind !== undefined) {
        if (kind !== 'container' && kind !== 'vm') throw new UsageError('--kind is container or vm', ctx.command);
        if (!flavorRef) throw new UsageError('missing --flavor FLAVOR', ctx.command);
        const catalog = await ctx.api().get<Catalog>(await ctx.tenantPath(`catalog?kind=${kind}`));
        const f = pick(catalog.flavors, flavorRef, 'flavor', kind, ctx.command);
        const disk = numberOption(v, 'disk', ctx.command) ?? (f.diskGib || undefined);
        const count = intOption(v, 'count', ctx.command);
        const hours = numberOption(v, 'hours', ctx.command);
        items.push({
          type: 'instance',
          provider: catalog.provider,
          flavor: { name: f.name, vcpus: f.cpuMillis / 1000, memoryGib: f.memoryMib / 1024 },
          ...(disk !== undefined ? { diskGib: disk } : {}),
          ...(count !== undefined ? { count } : {}),
          ...(hours !== undefined ? { hours } : {}),
        });
      }
      const requests = intOption(v, 'requests', ctx.command);
      if (requests !== undefined) {
        const durationMs = numberOption(v, 'duration', ctx.command);
        if (durationMs === undefined) throw new UsageError('missing --duration MS (a function’s average duration)', ctx.command);
        items.push({ type: 'function', provider: FUNCTIONS_PROVIDER, requests, durationMs, memoryMb: numberOption(v, 'memory', ctx.command) ?? 128 });
      }
      if (!items.length) throw new UsageError('say what to price: --kind and --flavor, --requests and --duration, or --file', ctx.command);
      const answer = await ctx.api().post<{ estimates: Estimate[] }>('estimates', { workload: { items }, compare: v.compare === true });
      if (ctx.json) return ctx.printJson(answer);
      answer.estimates.forEach((e, i) => {
        if (i) ctx.out('\n');
        ctx.out(`${e.catalog} (${e.currency})\n`);
        if (e.lines.length) {
          ctx.out(
            table(e.lines, [
              { header: 'item', value: (l) => l.description },
              { header: 'quantity', value: (l) => l.quantity, align: 'right' },
              { header: 'unit price', value: (l) => l.unitPrice, align: 'right' },
              { header: 'a month', value: (l) => money(l.amountMinor, e), align: 'right' },
            ]),
          );
        }
        for (const u of e.unpriced) ctx.out(`not priced: item ${u.item + 1}: ${u.reason}\n`);
        ctx.out(`Total: ${money(e.monthlyMinor, e)} a month (about ${e.hourly} ${e.currency} an hour)\n`);
      });
    },
  },
  {
    path: ['bill'],
    summary: 'The organisation’s bill: this month so far with a forecast, or a closed month',
    options: { month: { type: 'string', value: 'YYYY-MM', description: 'A past month (default: this one).' } },
    details: 'Owners (and platform admins) may read the bill.',
    async run(ctx) {
      const month = stringOption(ctx.values, 'month');
      const bill = await ctx.api().get<Bill>(await ctx.tenantPath(`billing${month ? `?month=${encodeURIComponent(month)}` : ''}`));
      if (ctx.json) return ctx.printJson(bill);
      ctx.out(`${bill.month} (${bill.status === 'open' ? 'so far' : 'closed'}) — ${bill.catalog}\n`);
      if (bill.lines.length) {
        ctx.out(
          table(bill.lines, [
            { header: 'resource', value: (l) => l.instanceName },
            { header: 'kind', value: (l) => l.kind },
            { header: 'item', value: (l) => l.description },
            { header: 'quantity', value: (l) => l.quantity, align: 'right' },
            { header: 'amount', value: (l) => money(l.amountMinor, bill), align: 'right' },
          ]),
        );
      } else ctx.out('Nothing used yet.\n');
      ctx.out(
        fields([
          ['Total', money(bill.totalMinor, bill)],
          ...(bill.forecastMinor !== null ? ([['Forecast', `${money(bill.forecastMinor, bill)} by the end of the month`]] as [string, string][]) : []),
          ...(bill.budget ? ([['Budget', money(bill.budget.amountMinor, bill)]] as [string, string][]) : []),
        ]),
      );
      for (const u of bill.unpriced) ctx.out(`not priced: ${u}\n`);
    },
  },
];
