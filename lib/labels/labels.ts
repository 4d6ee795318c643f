// Labels: key=value pairs people put on instances and functions to filter lists and split the bill. The rules are
// Kubernetes' (a key is an optional DNS-subdomain prefix and "/", then a 1–63 character name; a value is 0–63
// characters), so labels copied from elsewhere fit. Pure: the schema, the `?label=` filter and the bill breakdown.
import { z } from 'zod';

export const MAX_LABELS = 32;
const NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
const PREFIX = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

export const KEY_RULE = 'A key is 1–63 letters, digits, “-”, “_” or “.”, starting and ending with a letter or digit, optionally after a prefix such as “example.com/”.';
export const VALUE_RULE = 'A value is empty or up to 63 letters, digits, “-”, “_” or “.”, starting and ending with a letter or digit.';

/** Why `key` is not a valid label key, or null when it is. */
export function keyProblem(key: string): string | null {
  if (!key) return 'Enter a key.';
  const slash = key.indexOf('/');
  if (slash < 0) return NAME.test(key) ? null : KEY_RULE;
  const prefix = key.slice(0, slash);
  const name = key.slice(slash + 1);
  if (!prefix || prefix.length > 253 || !PREFIX.test(prefix)) return 'The prefix before “/” is a lowercase domain name (at most 253 characters), e.g. “example.com”.';
  if (!NAME.test(name)) return KEY_RULE;
  return null;
}

/** Why `value` is not a valid label value, or null when it is. */
export function valueProblem(value: string): string | null {
  return value === '' || NAME.test(value) ? null : VALUE_RULE;
}

/** `{ key: value }` as sent by clients: at most MAX_LABELS, each key and value valid (errors at `labels.<key>`). */
export const ZLabels = z
  .record(z.string({ error: 'A label key is text.' }), z.string({ error: 'A label value is text (empty for none).' }), {
    error: 'labels is an object of key: value text pairs, e.g. {"team": "web"}.',
  })
  .superRefine((labels, ctx) => {
    const keys = Object.keys(labels);
    if (keys.length > MAX_LABELS) ctx.addIssue({ code: 'custom', message: `At most ${MAX_LABELS} labels.` });
    for (const key of keys) {
      const problem = keyProblem(key) ?? valueProblem(labels[key]);
      if (problem) ctx.addIssue({ code: 'custom', path: [key], message: `${key}: ${problem}` });
    }
  })
  .meta({ description: `Labels as key: value pairs (at most ${MAX_LABELS}; Kubernetes rules).`, example: { team: 'web', env: 'prod' } });
export type TLabels = z.output<typeof ZLabels>;

/** The body of PUT …/labels: the whole new set (labels not named are removed). */
export const ZLabelsBody = z.strictObject({ labels: ZLabels });

/** One `?label=` filter: `key` (has the label) or `key=value` (has it with this value). */
export type LabelFilter = { key: string; value?: string };

const FILTER_RULE = 'Filter by label as key or key=value.';

/** The repeated `?label=` parameters of a list (all must match); a bad one is a field error on `label`. */
export const ZLabelFilters = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((raw, ctx): LabelFilter[] => {
    const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    if (list.length > MAX_LABELS) {
      ctx.addIssue({ code: 'custom', message: `At most ${MAX_LABELS} label filters.` });
      return z.NEVER;
    }
    const out: LabelFilter[] = [];
    for (const item of list) {
      const text = item.trim();
      const eq = text.indexOf('=');
      const key = eq < 0 ? text : text.slice(0, eq);
      const value = eq < 0 ? undefined : text.slice(eq + 1);
      const problem = keyProblem(key) ?? (value === undefined ? null : valueProblem(value));
      if (problem) {
        ctx.addIssue({ code: 'custom', message: `${FILTER_RULE} “${text.slice(0, 80)}”: ${problem}` });
        return z.NEVER;
      }
      out.push(value === undefined ? { key } : { key, value });
    }
    return out;
  })
  .meta({ description: 'Only items with this label: `key` or `key=value`. Repeat for several (all must match).' });

/** A list page's `?label=` parameters: those to filter by, or none and the reason shown next to the filter field. */
export function pageLabelFilter(raw: string | string[] | undefined): { labels: string[]; error?: string } {
  const labels = [raw ?? []].flat();
  const parsed = ZLabelFilters.safeParse(labels.length ? labels : undefined);
  return parsed.success ? { labels } : { labels: [], error: parsed.error.issues[0]?.message };
}

/** Reads a list's query string: every parameter once, except `label`, which may repeat. */
export function listQueryOf(url: string | URL): Record<string, string | string[]> {
  const params = new URL(url).searchParams;
  const out: Record<string, string | string[]> = Object.fromEntries(params);
  const labels = params.getAll('label');
  if (labels.length) out.label = labels;
  return out;
}

/** A form's labels box: `key=value` (or `key`) items, one a line or separated by spaces or commas; checked by ZLabels. */
export function labelsFromText(text: string): Record<string, string> {
  const items = text.split(/[\s,]+/).filter(Boolean);
  return Object.fromEntries(items.map((item) => (item.includes('=') ? [item.slice(0, item.indexOf('=')), item.slice(item.indexOf('=') + 1)] : [item, ''])));
}

/** `key=value` (or `key` for an empty value) for chips and the bill. */
export function labelText(key: string, value: string): string {
  return value === '' ? key : `${key}=${value}`;
}

/** Stored rows to the `{ key: value }` clients see, keys in order. */
export function labelsOf(rows: { key: string; value: string }[]): Record<string, string> {
  return Object.fromEntries([...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((r) => [r.key, r.value]));
}

/** One label key's share of the bill: the cost of each value, and of what has no such label. */
export type LabelCost = { key: string; values: { value: string; amountMinor: number }[]; unlabelledMinor: number };

/**
 * The bill split per label key: for each key on any billed resource, the sum of its lines per value (lines are
 * already rounded, so each key's values plus the unlabelled part add up to the total exactly).
 */
export function labelBreakdown(lines: { resourceId: string | null; amountMinor: number }[], labels: Map<string, Record<string, string>>): LabelCost[] {
  const keys = [...new Set([...labels.values()].flatMap((l) => Object.keys(l)))].sort();
  return keys.map((key) => {
    const values = new Map<string, number>();
    let unlabelledMinor = 0;
    for (const line of lines) {
      const value = line.resourceId ? labels.get(line.resourceId)?.[key] : undefined;
      if (value === undefined) unlabelledMinor += line.amountMinor;
      else values.set(value, (values.get(value) ?? 0) + line.amountMinor);
    }
    return {
      key,
      values: [...values].map(([value, amountMinor]) => ({ value, amountMinor })).sort((a, b) => b.amountMinor - a.amountMinor || (a.value < b.value ? -1 : 1)),
      unlabelledMinor,
    };
  });
}
