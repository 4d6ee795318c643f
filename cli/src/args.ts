// Command-line parsing with node:util parseArgs: which command the words name, then that command's options (strict:
// an unknown option or a missing value is a usage error, exit code 2).
import { parseArgs } from 'node:util';

export type OptionSpec = {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** The value's placeholder in help (string options). */
  value?: string;
  description: string;
};

export type CommandSpec = {
  /** The words that name the command: ['instances', 'create']. */
  path: string[];
  summary: string;
  /** Positional arguments, required, in order (e.g. ['ID']). */
  args?: string[];
  /** Positional arguments that may be left out, after the required ones (e.g. ['DIR']). */
  optionalArgs?: string[];
  /** Words after `--` are accepted (and handed to the command). */
  rest?: string;
  options?: Record<string, OptionSpec>;
  /** More lines of help: examples, what the output is. */
  details?: string;
};

export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    /** The command whose help says how to call it. */
    readonly command: CommandSpec | null = null,
  ) {
    super(message);
  }
}

export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  json: { type: 'boolean', description: 'Print the API’s JSON on stdout instead of a table.' },
  org: { type: 'string', value: 'SLUG', description: 'The organisation to act in (default: the token’s).' },
  help: { type: 'boolean', short: 'h', description: 'Show help for the command.' },
};

export type Parsed = {
  command: CommandSpec | null;
  values: Record<string, string | boolean | string[] | undefined>;
  args: string[];
  rest: string[];
};

type ParseOptions = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

function toParseOptions(specs: Record<string, OptionSpec>): ParseOptions {
  return Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, { type: s.type, ...(s.multiple ? { multiple: true } : {}), ...(s.short ? { short: s.short } : {}) }]));
}

/** Every option any command takes, so that the first pass knows which options take a value. */
function allOptions(commands: CommandSpec[]): ParseOptions {
  const all: Record<string, OptionSpec> = { ...GLOBAL_OPTIONS };
  for (const c of commands) Object.assign(all, c.options);
  return toParseOptions(all);
}

/** Words before `--` and after it. */
function split(argv: string[], options: ParseOptions, strict: boolean) {
  const { values, tokens } = parseArgs({ args: argv, options, strict, allowPositionals: true, tokens: true });
  const before: string[] = [];
  const after: string[] = [];
  let terminated = false;
  for (const t of tokens) {
    if (t.kind === 'option-terminator') terminated = true;
    else if (t.kind === 'positional') (terminated ? after : before).push(t.value);
  }
  return { values: values as Parsed['values'], before, after };
}

/** The command the words name (the longest match), or a usage error naming what is wrong. */
export function parse(argv: string[], commands: CommandSpec[]): Parsed {
  let first: ReturnType<typeof split>;
  try {
    first = split(argv, allOptions(commands), false);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const words = first.before;
  const matching = commands.filter((c) => c.path.every((w, i) => words[i] === w)).sort((a, b) => b.path.length - a.path.length);
  const command = matching[0] ?? null;
  if (!command) {
    if (!words.length) return { command: null, values: first.values, args: [], rest: [] };
    const group = commands.filter((c) => c.path[0] === words[0]);
    if (group.length) {
      throw new UsageError(
        words[1] ? `unknown command "${words[0]} ${words[1]}" (${words[0]}: ${group.map((c) => c.path[1]).join(', ')})` : `"${words[0]}" needs a command: ${group.map((c) => c.path[1]).join(', ')}`,
      );
    }
    throw new UsageError(`unknown command "${words[0]}"`);
  }
  let second: ReturnType<typeof split>;
  try {
    second = split(argv, toParseOptions({ ...GLOBAL_OPTIONS, ...command.options }), true);
  } catch (err) {
    throw new UsageError(cleanParseMessage((err as Error).message), command);
  }
  const args = second.before.slice(command.path.length);
  if (second.values.help) return { command, values: second.values, args, rest: second.after };
  const wanted = command.args ?? [];
  if (args.length < wanted.length) throw new UsageError(`missing ${wanted.slice(args.length).join(' ')}`, command);
  const most = wanted.length + (command.optionalArgs?.length ?? 0);
  if (args.length > most) throw new UsageError(`unexpected argument "${args[most]}"`, command);
  if (second.after.length && !command.rest) throw new UsageError(`unexpected arguments after --`, command);
  return { command, values: second.values, args, rest: second.after };
}

/** parseArgs's messages, without the hint about `--` that does not apply to our commands. */
function cleanParseMessage(message: string): string {
  return message.replace(/\.?\s*To specify a positional argument.*$/s, '').replace(/^Unknown option '(.+?)'$/, 'unknown option $1');
}

/** A whole number from an option, or a usage error naming the option. */
export function intOption(values: Parsed['values'], name: string, command: CommandSpec, o: { min?: number } = {}): number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  const s = String(v).trim();
  if (!/^-?\d+$/.test(s) || (o.min !== undefined && Number(s) < o.min)) {
    throw new UsageError(`--${name} must be a whole number${o.min !== undefined ? ` of at least ${o.min}` : ''} (got "${String(v)}")`, command);
  }
  return Number(s);
}

/** A number (decimals allowed) from an option. */
export function numberOption(values: Parsed['values'], name: string, command: CommandSpec): number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  const n = Number(String(v).trim());
  if (String(v).trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number (got "${String(v)}")`, command);
  return n;
}

export function stringOption(values: Parsed['values'], name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function listOption(values: Parsed['values'], name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

/** NAME=VALUE pairs (environment variables). */
export function pairs(list: string[], name: string, command: CommandSpec): { name: string; value: string }[] {
  return list.map((item) => {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--${name} takes NAME=VALUE (got "${item}")`, command);
    return { name: item.slice(0, eq), value: item.slice(eq + 1) };
  });
}

/** `--label KEY=VALUE` (or KEY for an empty value) options as the API's `labels` object; the console checks the rules. */
export function labelsOption(list: string[]): Record<string, string> {
  return Object.fromEntries(list.map((item) => (item.includes('=') ? [item.slice(0, item.indexOf('=')), item.slice(item.indexOf('=') + 1)] : [item, ''])));
}

/** The option spec of a repeatable `--label`: `what` says what it does for this command. */
export function labelOption(what: string): OptionSpec {
  return { type: 'string', value: 'KEY=VALUE', multiple: true, description: what };
}

/** The help text of one command. */
export function commandHelp(c: CommandSpec): string {
  const opts = Object.entries({ ...c.options, ...GLOBAL_OPTIONS });
  const flag = ([k, s]: [string, OptionSpec]) => `${s.short ? `-${s.short}, ` : ''}--${k}${s.type === 'string' ? ` ${s.value ?? 'VALUE'}` : ''}`;
  const width = Math.max(...opts.map((o) => flag(o).length));
  const usage = ['ovc', ...c.path, ...(c.args ?? []), ...(c.optionalArgs ?? []).map((a) => `[${a}]`), '[options]', ...(c.rest ? [`[-- ${c.rest}]`] : [])].join(' ');
  const lines = [`Usage: ${usage}`, '', c.summary, ''];
  if (c.details) lines.push(c.details.trimEnd(), '');
  lines.push('Options:');
  for (const o of opts) lines.push(`  ${flag(o).padEnd(width)}  ${o[1].description}${o[1].multiple ? ' (repeatable)' : ''}`);
  return lines.join('\n') + '\n';
}

/** The overview: every command with its summary. */
export function overviewHelp(commands: CommandSpec[]): string {
  const names = commands.map((c) => [...c.path, ...(c.args ?? []), ...(c.optionalArgs ?? []).map((a) => `[${a}]`)].join(' '));
  const width = Math.max(...names.map((n) => n.length));
  return [
    'ovc — the Overcast console from the command line',
    '',
    'Usage: ovc <command> [options]',
    '',
    'Commands:',
    ...commands.map((c, i) => `  ${names[i]!.padEnd(width)}  ${c.summary}`),
    '',
    'Global options: --json (the API’s JSON on stdout), --org SLUG (default: the token’s organisation), -h/--help.',
    'Environment: OVERCAST_URL and OVERCAST_TOKEN override what `ovc login` stored.',
    'Exit codes: 0 done, 1 the console refused or failed (the reason on stderr), 2 a usage error.',
    'Run `ovc help <command>` (or `ovc <command> --help`) for a command’s options.',
    '',
  ].join('\n');
}
