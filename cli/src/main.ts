// ovc: the Overcast console from the command line. main() parses the words, runs the command and turns what went
// wrong into one line on stderr and an exit code: 1 when the console refused or failed, 2 for a usage error.
import readline from 'node:readline/promises';
import { UsageError, commandHelp, overviewHelp, parse } from './args.ts';
import { VERSION } from './api.ts';
import { errorLines } from './format.ts';
import { Ctx, type Command, type Io } from './context.ts';
import { accountCommands } from './commands/account.ts';
import { instanceCommands } from './commands/instances.ts';
import { functionCommands } from './commands/functions.ts';
import { billingCommands } from './commands/billing.ts';
import { buildCommands } from './commands/builds.ts';

const help: Command = {
  path: ['help'],
  summary: 'This overview, or a command’s options: ovc help instances create',
  rest: 'COMMAND',
  async run(ctx) {
    return showHelp(ctx.io, ctx.parsed.rest);
  },
};

export const COMMANDS: Command[] = [...accountCommands, ...instanceCommands, ...functionCommands, ...buildCommands, ...billingCommands, help];

function showHelp(io: Io, words: string[]): number {
  if (!words.length) {
    io.stdout(overviewHelp(COMMANDS));
    return 0;
  }
  const c = COMMANDS.find((x) => x.path.join(' ') === words.join(' '));
  if (c) {
    io.stdout(commandHelp(c));
    return 0;
  }
  const group = COMMANDS.filter((x) => x.path[0] === words[0]);
  if (group.length) {
    io.stdout(overviewHelp(group));
    return 0;
  }
  io.stderr(`error: unknown command "${words.join(' ')}"\nRun \`ovc help\` for the list.\n`);
  return 2;
}

export function defaultIo(): Io {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    stdinIsTty: process.stdin.isTTY === true,
    confirm: async (question) => {
      const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
      try {
        return /^y(es)?$/i.test((await rl.question(question)).trim());
      } finally {
        rl.close();
      }
    },
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
    io.stdout(`ovc ${VERSION}\n`);
    return 0;
  }
  // `ovc help instances create` and `ovc instances create --help` say the same; `ovc help` alone is the overview.
  if (argv[0] === 'help') return showHelp(io, argv.slice(1).filter((w) => !w.startsWith('-')));
  let parsed;
  try {
    parsed = parse(argv, COMMANDS);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    return usageError(io, err);
  }
  const command = parsed.command as Command | null;
  if (!command) {
    if (parsed.values.help) return showHelp(io, []);
    io.stderr(overviewHelp(COMMANDS));
    return 2;
  }
  if (parsed.values.help) return showHelp(io, command.path);
  try {
    return (await command.run(new Ctx(io, { ...parsed, command }))) ?? 0;
  } catch (err) {
    if (err instanceof UsageError) return usageError(io, err);
    io.stderr(errorLines(err));
    return 1;
  }
}

function usageError(io: Io, err: UsageError): number {
  const hint = err.command ? `ovc help ${err.command.path.join(' ')}` : 'ovc help';
  io.stderr(`error: ${err.message}\nRun \`${hint}\` for usage.\n`);
  return 2;
}
