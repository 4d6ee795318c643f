// login, logout, whoami, orgs: the token, where it is kept, and who it speaks for.
import { Api } from '../api.ts';
import { UsageError, stringOption } from '../args.ts';
import { configPath, credentials, normaliseUrl, removeConfig, writeConfig } from '../config.ts';
import { fields, table } from '../format.ts';
import { tokenOrg, type Command, type Me } from '../context.ts';

export const accountCommands: Command[] = [
  {
    path: ['login'],
    summary: 'Check a token with the console and keep it for the next commands',
    options: {
      url: { type: 'string', value: 'URL', description: 'The console’s address, e.g. https://console.example.com.' },
      token: { type: 'string', value: 'TOKEN', description: 'An API token (user menu → API tokens in the console); read from stdin when absent.' },
    },
    details:
      'The token is checked with the console, then stored with the URL in $XDG_CONFIG_HOME/overcast/config.json\n' +
      '(~/.config/overcast/config.json), readable by you only. Prefer piping the token over --token, which other\n' +
      'users of the machine can see in the process list:\n' +
      '  ovc login --url https://console.example.com < token.txt',
    async run(ctx) {
      const url = stringOption(ctx.values, 'url') ?? ctx.io.env.OVERCAST_URL ?? credentials(ctx.io.env).url;
      if (!url) throw new UsageError('missing --url URL', ctx.command);
      let base: string;
      try {
        base = normaliseUrl(url);
      } catch (err) {
        throw new UsageError(`--url: ${(err as Error).message.replace(/^Invalid URL$/, 'not a URL')}`, ctx.command);
      }
      let token = stringOption(ctx.values, 'token');
      if (token === undefined) {
        if (ctx.io.stdinIsTty) ctx.note('Paste the API token, then press Enter and Ctrl-D:');
        token = await ctx.io.readStdin();
      }
      token = token.trim();
      if (!token) throw new UsageError('no token: give --token TOKEN or pipe it on stdin', ctx.command);
      const me = await new Api(base, token, ctx.io.fetch).get<Me>('me');
      const org = tokenOrg(me);
      const file = writeConfig(ctx.io.env, { url: base, token, org });
      if (ctx.json) return ctx.printJson(me);
      ctx.out(`Logged in to ${base} as ${me.user.name} <${me.user.email}>${org ? ` (organisation ${org})` : ''}.\n`);
      ctx.note(`Token stored in ${file}.`);
    },
  },
  {
    path: ['logout'],
    summary: 'Forget the stored token (revoke it in the console: user menu → API tokens)',
    async run(ctx) {
      const had = removeConfig(ctx.io.env);
      if (ctx.json) return ctx.printJson({ removed: had, path: configPath(ctx.io.env) });
      ctx.out(had ? `Removed ${configPath(ctx.io.env)}.\n` : 'Not logged in.\n');
      if (ctx.io.env.OVERCAST_TOKEN) ctx.note('OVERCAST_TOKEN is still set in the environment.');
    },
  },
  {
    path: ['whoami'],
    summary: 'The user and organisation the token speaks for',
    async run(ctx) {
      const me = await ctx.api().get<Me>('me');
      if (ctx.json) return ctx.printJson(me);
      const org = typeof ctx.values.org === 'string' ? ctx.values.org : (credentials(ctx.io.env).org ?? tokenOrg(me));
      const membership = me.tenants.find((t) => t.slug === org);
      ctx.out(
        fields([
          ['Console', ctx.api().url],
          ['User', `${me.user.name} <${me.user.email}>${me.user.isPlatformAdmin ? ' (platform admin)' : ''}`],
          ['Organisation', org ? `${org}${membership ? ` (${membership.role})` : ''}` : 'none chosen: use --org SLUG'],
          ...(me.token ? ([['Token', `${me.token.name}${me.token.platformAdmin ? ' (platform admin)' : me.token.role ? ` (${me.token.role})` : ''}`]] as [string, string][]) : []),
        ]),
      );
    },
  },
  {
    path: ['orgs'],
    summary: 'The organisations you belong to, with your role in each',
    async run(ctx) {
      const me = await ctx.api().get<Me>('me');
      if (ctx.json) return ctx.printJson(me.tenants);
      if (!me.tenants.length) return ctx.out('No organisations.\n');
      const current = credentials(ctx.io.env).org ?? tokenOrg(me);
      ctx.out(
        table(me.tenants, [
          { header: 'slug', value: (t) => `${t.slug}${t.slug === current ? ' *' : ''}` },
          { header: 'name', value: (t) => t.name },
          { header: 'role', value: (t) => t.role },
          { header: 'status', value: (t) => t.status },
        ]),
      );
    },
  },
];

