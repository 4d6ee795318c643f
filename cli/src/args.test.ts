import { describe, expect, it } from 'vitest';
import { UsageError, commandHelp, intOption, pairs, parse } from './args.ts';
import { COMMANDS } from './main.ts';

const usage = (argv: string[]) => {
  try {
    parse(argv, COMMANDS);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as UsageError).message;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
};

describe('parse', () => {
  it('finds the command by its words, wherever the options are', () => {
    const p = parse(['--org', 'acme', 'instances', '--json', 'stop', 'web', '--wait'], COMMANDS);
    expect(p.command?.path).toEqual(['instances', 'stop']);
    expect(p.args).toEqual(['web']);
    expect(p.values).toMatchObject({ org: 'acme', json: true, wait: true });
  });

  it('takes repeatable options and the words after -- as the container command', () => {
    const p = parse(['instances', 'create', '--name', 'api', '--image', 'node', '--port', '8080', '--port', '9090', '--env', 'A=1', '--', 'node', '-e', 'x'], COMMANDS);
    expect(p.values.port).toEqual(['8080', '9090']);
    expect(p.values.env).toEqual(['A=1']);
    expect(p.rest).toEqual(['node', '-e', 'x']);
    expect(p.args).toEqual([]);
  });

  it('knows short options', () => {
    expect(parse(['instances', 'logs', 'web', '-f'], COMMANDS).values.follow).toBe(true);
    expect(parse(['instances', 'list', '-h'], COMMANDS).values.help).toBe(true);
  });

  it('answers nothing to parse with no command (the overview)', () => {
    expect(parse([], COMMANDS).command).toBeNull();
    expect(parse(['--help'], COMMANDS).values.help).toBe(true);
  });

  it('refuses unknown commands, options and missing or extra arguments with a message', () => {
    expect(usage(['launch'])).toBe('unknown command "launch"');
    expect(usage(['instances'])).toMatch(/^"instances" needs a command: list, get, create/);
    expect(usage(['instances', 'explode', 'x'])).toMatch(/^unknown command "instances explode"/);
    expect(usage(['instances', 'list', '--follow'])).toBe('unknown option --follow');
    expect(usage(['instances', 'get'])).toBe('missing INSTANCE');
    expect(usage(['instances', 'get', 'a', 'b'])).toBe('unexpected argument "b"');
    expect(usage(['functions', 'logs', 'f', '--', 'x'])).toBe('unexpected arguments after --');
    expect(usage(['functions', 'invoke', 'f', '--data'])).toMatch(/--data/);
    expect(usage(['whoami', '--org'])).toMatch(/--org/);
  });

  it('names the command whose help explains it', () => {
    const err = (() => {
      try {
        parse(['instances', 'get'], COMMANDS);
      } catch (e) {
        return e as UsageError;
      }
    })();
    expect(err?.command?.path).toEqual(['instances', 'get']);
  });

  it('lets --help through without the arguments', () => {
    expect(parse(['instances', 'get', '--help'], COMMANDS).values.help).toBe(true);
  });

  it('gives every option one meaning across commands (the first pass relies on it)', () => {
    const seen = new Map<string, string>();
    for (const c of COMMANDS) {
      for (const [name, o] of Object.entries(c.options ?? {})) {
        const kind = `${o.type}${o.multiple ? '[]' : ''}${o.short ?? ''}`;
        expect(seen.get(name) ?? kind, `--${name} in ${c.path.join(' ')}`).toBe(kind);
        seen.set(name, kind);
      }
    }
  });
});

describe('option values', () => {
  const cmd = COMMANDS.find((c) => c.path.join(' ') === 'instances list')!;
  it('reads whole numbers or refuses with the option’s name', () => {
    expect(intOption({ page: '3' }, 'page', cmd, { min: 1 })).toBe(3);
    expect(intOption({}, 'page', cmd)).toBeUndefined();
    expect(() => intOption({ page: '0' }, 'page', cmd, { min: 1 })).toThrow('--page must be a whole number of at least 1 (got "0")');
    expect(() => intOption({ page: '2.5' }, 'page', cmd)).toThrow('--page must be a whole number');
  });

  it('splits NAME=VALUE at the first =', () => {
    expect(pairs(['A=1', 'B=x=y', 'C='], 'env', cmd)).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'x=y' },
      { name: 'C', value: '' },
    ]);
    expect(() => pairs(['=1'], 'env', cmd)).toThrow('--env takes NAME=VALUE (got "=1")');
  });
});

describe('help', () => {
  it('shows usage, arguments and every option of a command', () => {
    const text = commandHelp(COMMANDS.find((c) => c.path.join(' ') === 'instances logs')!);
    expect(text).toContain('Usage: ovc instances logs INSTANCE [options]');
    expect(text).toMatch(/-f, --follow\s+Keep printing/);
    expect(text).toMatch(/--tail N\s+How many past lines/);
    expect(text).toMatch(/--json\s+Print the API’s JSON/);
  });
});
