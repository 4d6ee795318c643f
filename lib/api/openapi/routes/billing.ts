// OpenAPI entries: an organisation's bill, invoices and budget, and cost estimates.
import { z } from 'zod';
import { ZBudget, ZMonth } from '@/lib/billing/service';
import { ZEstimateRequest } from '@/lib/billing/estimates';
import type { RouteDocs } from '../types';
import { pageSchema, ZPageQuery } from '@/lib/api/pagination';

export const ZMonthQuery = z.object({ month: ZMonth.optional().meta({ description: 'YYYY-MM; the current month when absent.' }) });

export const billingRoutes: RouteDocs = {
  'GET tenants/[slug]/billing': {
    tag: 'Billing',
    summary: 'A month’s bill',
    description:
      'Open month: metered up to now, with forecast and budget; closed: the frozen invoice. Lines have a `kind`: `container`, `vm`, `function`, `volume` (a volume’s GiB-months) or `registry` (the organisation’s image storage, shared layers once, in GiB-months at the level measured every few minutes). The forecast adds what is running and stored now, kept to the month’s end. Owners and platform admins.',
    access: 'tenant',
    query: ZMonthQuery,
    response: {
      status: 200,
      description: 'The month; `byLabel` splits its cost per label key and value (labels as they are now).',
      schema: z
        .object({
          totalMinor: z.number().int(),
          byLabel: z.array(z.object({ key: z.string(), values: z.array(z.object({ value: z.string(), amountMinor: z.number().int() })), unlabelledMinor: z.number().int() })),
        })
        .loose(),
    },
  },
  'GET tenants/[slug]/billing/csv': {
    tag: 'Billing',
    summary: 'A month’s lines as CSV (a download)',
    access: 'tenant',
    query: ZMonthQuery,
    response: { status: 200, description: 'CSV, one line per metered item and a total.', type: 'csv' },
  },
  'GET tenants/[slug]/billing/invoices': {
    tag: 'Billing',
    summary: 'Closed months (invoices), newest first',
    access: 'tenant',
    query: ZPageQuery,
    response: { status: 200, description: 'A page of invoices.', schema: pageSchema('invoices', z.object({ month: z.string(), totalMinor: z.number().int() }).loose()) },
  },
  'PUT tenants/[slug]/budget': {
    tag: 'Billing',
    summary: 'Set the monthly budget',
    description: 'With `blockCreates`, creates are refused once the forecast exceeds it. Owners.',
    access: 'tenant',
    body: ZBudget,
    response: { status: 200, description: '`{budget}`.' },
  },
  'DELETE tenants/[slug]/budget': {
    tag: 'Billing',
    summary: 'Remove the budget',
    access: 'tenant',
    response: { status: 204, description: 'Removed.', type: 'none' },
  },
  'POST estimates': {
    tag: 'Billing',
    summary: 'What a workload would cost a month',
    description: 'Under the billing price list, or under every price list to compare. Any signed-in user; nothing is written.',
    access: 'user',
    body: ZEstimateRequest,
    response: { status: 200, description: '`{estimates}`, one per price list.' },
  },
};
