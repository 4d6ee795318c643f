// What a command runs with: its parsed words, the output streams, the environment and — built on demand — the API
// client and the organisation. Tests hand in their own streams, environment and fetch.
import { Api, ApiError, type Fetch } from './api.ts';
import { credentials, type Env } from './config.ts';
import { UsageError, type CommandSpec, type Parsed } from './args.ts';

export type Io = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Env;
  /** The whole of standard input (a token piped to `ovc login`). */
  readStdin: () => Promise<string>;
  stdinIsTty: boolean;
  /** Asks a yes/no question at the terminal (only called when stdin is one). */
  confirm?: (question: string) => Promise<boolean>;
  fetch?: Fetch;
  /** Waits between polls (a real timer; tests may shorten it). */
  sleep?: (ms: number) => Promise<void>;
};

/** GET /me: the user, the organisations the credential reaches and, for an API token, the token. */
export type Me = {
  user: { id: string; email: string; name: string; isPlatformAdmin: boolean };
  tenants: { slug: string; name: string; status: string; role: string }[];
  token?: { id: string; name: string; platformAdmin: boolean; tenant: string | null; role: string | null };
};

/** The organisation a token belongs to, or the only one its user is in (a platform-admin token has none). */
export function tokenOrg(me: Me): string | null {
  if (me.token?.tenant) return me.token.tenant;
  return me.tenants.length === 1 ? me.tenants[0]!.slug : null;
}

/** A command: its words, options and help, and what it does (an exit code, 0 when it returns nothing). */
export type Command = CommandSpec & { run: (ctx: Ctx) => Promise<number | void> };

export class Ctx {
  private apiClient: Api | null = null;
  private orgSlug: string | null = null;
  constructor(
    readonly io: Io,
    readonly parsed: Parsed & { command: CommandSpec },
  ) {}

  get json(): boolean {
    return this.parsed.values.json === true;
  }

  get command(): CommandSpec {
    return this.parsed.command;
  }

  get values(): Parsed['values'] {
    return this.parsed.values;
  }

  arg(i: number): string {
    return this.parsed.args[i]!;
  }

  out(text: string): void {
    this.io.stdout(text);
  }

  /** Progress and notes for people (stderr, so that stdout stays the answer). */
  note(text: string): void {
    this.io.stderr(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** The API's answer as JSON on stdout (--json). */
  printJson(data: unknown): void {
    this.io.stdout(`${JSON.stringify(data, null, 2)}\n`);
  }

  /**
   * Before destroying something: at a terminal, asks unless --yes was given (anything but yes: nothing is done, exit
   * code 1); a script (stdin not a terminal) is taken to mean it.
   */
  async confirmDestroy(what: string): Promise<void> {
    if (this.values.yes === true || !this.io.stdinIsTty || !this.io.confirm) return;
    if (!(await this.io.confirm(`Delete ${what}? This cannot be undone. [y/N] `))) throw new Error('not deleted');
  }

  sleep(ms: number): Promise<void> {
    return this.io.sleep ? this.io.sleep(ms) : new Promise((r) => setTimeout(r, ms));
  }

  api(): Api {
    if (this.apiClient) return this.apiClient;
    const c = credentials(this.io.env);
    if (!c.url || !c.token) throw new ApiError(401, 'unauthenticated', 'Not logged in.');
    this.apiClient = new Api(c.url, c.token, this.io.fetch);
    return this.apiClient;
  }

  /** --org, else the organisation stored at login, else the token's (asked from the console). */
  async org(): Promise<string> {
    if (this.orgSlug) return this.orgSlug;
    const given = typeof this.values.org === 'string' ? this.values.org.trim() : '';
    if (given) return (this.orgSlug = given);
    const stored = credentials(this.io.env).org;
    if (stored) return (this.orgSlug = stored);
    const me = await this.api().get<Me>('me');
    const slug = tokenOrg(me);
    if (!slug) throw new UsageError('choose an organisation with --org SLUG (`ovc orgs` lists yours)', this.command);
    return (this.orgSlug = slug);
  }

  /** `tenants/{org}/…` */
  async tenantPath(rest: string): Promise<string> {
    return `tenants/${encodeURIComponent(await this.org())}/${rest}`;
  }
}
