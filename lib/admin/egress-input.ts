// The admin's egress exceptions as input: the API's JSON shape, and the one-per-line text of the settings page
// (`10.0.5.0/24 tcp 443,8000-8100 # build cache`), both validated by the same schema.
import { z } from 'zod';
import { AppError, parseInput } from '@/lib/errors';
import { formatCidr, parseCidr } from '@/lib/providers/docker/subnets';

export const MAX_EGRESS_EXCEPTIONS = 100;
const MAX_PORTS = 16;

const ZCidr = z
  .string({ error: 'cidr must be an IPv4 CIDR such as 10.0.5.0/24.' })
  .max(18, 'cidr must be an IPv4 CIDR such as 10.0.5.0/24.')
  .transform((text, ctx) => {
    const withBits = text.includes('/') ? text.trim() : `${text.trim()}/32`;
    let normal: string;
    try {
      normal = formatCidr(parseCidr(withBits));
    } catch {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(text)} is not an IPv4 CIDR such as 10.0.5.0/24.` });
      return z.NEVER;
    }
    if (normal !== withBits) {
      ctx.addIssue({ code: 'custom', message: `${withBits} has bits set beyond its prefix: did you mean ${normal}?` });
      return z.NEVER;
    }
    return normal;
  });

const ZPort = z
  .union([z.number().int(), z.string().max(11)], { error: 'Each port is a number (443) or a range ("8000-8100").' })
  .transform((p, ctx) => {
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(String(p).trim());
    const lo = Number(m?.[1]);
    const hi = m?.[2] === undefined ? lo : Number(m[2]);
    if (!m || lo < 1 || hi > 65535 || lo > hi) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(p)} is not a port (1–65535) or a range such as 8000-8100.` });
      return z.NEVER;
    }
    return lo === hi ? String(lo) : `${lo}-${hi}`;
  });

export const ZEgressException = z.strictObject({
  cidr: ZCidr,
  protocol: z.enum(['tcp', 'udp', 'any'], { error: 'protocol must be tcp, udp or any.' }).default('any'),
  ports: z.array(ZPort).max(MAX_PORTS, `At most ${MAX_PORTS} ports or ranges per exception.`).default([]),
  note: z
    .string()
    .max(100, 'A note has at most 100 characters.')
    .regex(/^[^\p{Cc}#]*$/u, 'A note is one line of text without "#".')
    .default(''),
});

export const ZEgressSettings = z.strictObject({
  exceptions: z.array(ZEgressException, { error: 'exceptions must be a list.' }).max(MAX_EGRESS_EXCEPTIONS, `At most ${MAX_EGRESS_EXCEPTIONS} exceptions.`),
});

export type TEgressException = z.output<typeof ZEgressException>;

/** Validates the API's body; a bad one is a validation_failed with one message per field, nothing written. */
export function parseEgressSettings(input: unknown): TEgressException[] {
  return parseInput(ZEgressSettings, input).exceptions;
}

/** Parses the settings page's text, one exception per line; errors name the line. */
export function parseEgressLines(text: string): TEgressException[] {
  const raw: Record<string, unknown>[] = [];
  const lineOf: number[] = [];
  const lines = text.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    const hash = line.indexOf('#');
    const body = (hash < 0 ? line : line.slice(0, hash)).trim();
    const note = hash < 0 ? '' : line.slice(hash + 1).trim();
    if (!body) continue; // blank lines and comment lines
    const tokens = body.split(/\s+/);
    const entry: Record<string, unknown> = { cidr: tokens.shift(), note };
    if (tokens[0] && /^(tcp|udp|any)$/i.test(tokens[0])) entry.protocol = tokens.shift()!.toLowerCase();
    if (tokens[0]) entry.ports = tokens.shift()!.split(',').filter(Boolean);
    if (tokens.length) throw lineError(i + 1, `unexpected "${tokens.join(' ')}" (write: CIDR [tcp|udp|any] [PORTS] [# note])`);
    raw.push(entry);
    lineOf.push(i + 1);
  }
  const parsed = ZEgressSettings.safeParse({ exceptions: raw });
  if (parsed.success) return parsed.data.exceptions;
  const issue = parsed.error.issues[0]!;
  const [, index] = issue.path;
  if (typeof index === 'number') throw lineError(lineOf[index]!, issue.message);
  throw new AppError('validation_failed', issue.message, { exceptions: issue.message });
}

function lineError(line: number, message: string): AppError {
  const text = `Line ${line}: ${message}`;
  return new AppError('validation_failed', text, { exceptions: text });
}

/** The exceptions as the settings page's text (what parseEgressLines reads back). */
export function formatEgressLines(exceptions: TEgressException[]): string {
  return exceptions
    .map((e) => [e.cidr, e.protocol === 'any' && !e.ports.length ? '' : e.protocol, e.ports.join(','), e.note ? `# ${e.note}` : ''].filter(Boolean).join(' '))
    .join('\n');
}
