// ovc functions …: list, deploy (creates the function the first time), invoke, logs, delete.
import { seg } from '../api.ts';
import { UsageError, intOption, labelOption, labelsOption, listOption, stringOption } from '../args.ts';
import { table } from '../format.ts';
import type { Command, Ctx } from '../context.ts';
import { LOGS, YES, printLogs, readFileFor } from './instances.ts';

type FunctionItem = {
  id: string;
  name: string;
  access: string;
  status: string;
  activeVersion: { id: string; number: number; memoryMib: number; timeoutMs: number; deployedAt: string } | null;
  invokeUrl: string;
  today: { invocations: number; errors: number };
};
type Invocation = {
  invocationId: string;
  response: { status: number; headers: Record<string, string>; body: string };
  outcome: string;
  durationMs: number;
  start: string;
  logs: { stream: string; text: string }[];
};

/**
 * The functions named `name`: the list filtered by name where the console filters (`q`; lists are paged by cursor
 * there, so a filter keeps the one wanted on the first page), or the whole list where it does not; then exactly.
 */
async function byName(ctx: Ctx, name: string): Promise<FunctionItem | undefined> {
  const q = new URLSearchParams({ q: name, limit: '200' });
  const { functions } = await ctx.api().get<{ functions: FunctionItem[] }>(await ctx.tenantPath(`functions?${q}`));
  return functions.find((f) => f.name === name);
}

/** The function `ref` names: a name, else an id (a miss is the API's 404, whatever the reason). */
async function findFunction(ctx: Ctx, ref: string): Promise<Pick<FunctionItem, 'id' | 'name' | 'invokeUrl'>> {
  return (await byName(ctx, ref)) ?? (await ctx.api().get<FunctionItem>(await ctx.tenantPath(`functions/${seg(ref)}`)));
}

export const functionCommands: Command[] = [
  {
    path: ['functions', 'list'],
    summary: 'The organisation’s functions',
    options: { label: labelOption('Only those with this label: KEY or KEY=VALUE (all must match).') },
    async run(ctx) {
      const q = new URLSearchParams({ limit: '200' });
      for (const l of listOption(ctx.values, 'label')) q.append('label', l);
      const answer = await ctx.api().get<{ functions: FunctionItem[]; nextCursor?: string | null }>(await ctx.tenantPath(`functions?${q}`));
      if (ctx.json) return ctx.printJson(answer);
      if (!answer.functions.length) return ctx.out('No functions.\n');
      ctx.out(
        table(answer.functions, [
          { header: 'name', value: (f) => f.name },
          { header: 'status', value: (f) => f.status },
          { header: 'version', value: (f) => f.activeVersion?.number, align: 'right' },
          { header: 'memory', value: (f) => (f.activeVersion ? `${f.activeVersion.memoryMib} MiB` : null), align: 'right' },
          { header: 'access', value: (f) => f.access },
          { header: 'today', value: (f) => `${f.today.invocations} (${f.today.errors} errors)` },
          { header: 'url', value: (f) => f.invokeUrl },
        ]),
      );
      if (answer.nextCursor) ctx.note(`The first ${answer.functions.length} functions, newest first (the console has more).`);
    },
  },
  {
    path: ['functions', 'deploy'],
    summary: 'Deploy a new version of a function from a file (creating the function the first time)',
    args: ['NAME'],
    options: {
      file: { type: 'string', value: 'FILE', description: 'The handler: an ES module whose default export answers requests.' },
      memory: { type: 'string', value: 'MIB', description: 'Memory: 64, 128, 256, 512 or 1024 MiB (default: as before, 128 at first).' },
      timeout: { type: 'string', value: 'MS', description: 'Timeout in milliseconds, 100–60000 (default: as before, 3000 at first).' },
      private: { type: 'boolean', description: 'When creating: callers need the function’s token (printed once).' },
      label: labelOption('A label, KEY=VALUE (or KEY); on a later deploy the labels given replace the function’s.'),
    },
    details:
      'Example handler (handler.mjs):\n' +
      '  export default async (req) => ({ status: 200, body: { hello: JSON.parse(req.body || "{}").name ?? "world" } });\n' +
      '  ovc functions deploy hello --file handler.mjs --memory 128',
    async run(ctx) {
      const file = stringOption(ctx.values, 'file');
      if (!file) throw new UsageError('missing --file FILE', ctx.command);
      const code = readFileFor(file, 'file', ctx.command);
      const settings: Record<string, number> = {};
      const memory = intOption(ctx.values, 'memory', ctx.command);
      const timeout = intOption(ctx.values, 'timeout', ctx.command);
      if (memory !== undefined) settings.memoryMib = memory;
      if (timeout !== undefined) settings.timeoutMs = timeout;
      const name = ctx.arg(0);
      const existing = await byName(ctx, name);
      const labels = listOption(ctx.values, 'label');
      if (!existing) {
        const body = { name, code, ...settings, ...(ctx.values.private ? { access: 'token' } : {}), ...(labels.length ? { labels: labelsOption(labels) } : {}) };
        const created = await ctx.api().post<{ id: string; name: string; versionNumber: number; token: string | null; invokeUrl: string }>(await ctx.tenantPath('functions'), body);
        if (ctx.json) return ctx.printJson(created);
        ctx.out(`Created ${created.name}, version ${created.versionNumber}: ${created.invokeUrl}\n`);
        if (created.token) ctx.out(`Invoke token (shown this once): ${created.token}\n`);
        return;
      }
      if (ctx.values.private) ctx.note('--private applies when a function is created; change access in the console.');
      const deployed = await ctx.api().post<{ versionNumber: number }>(await ctx.tenantPath(`functions/${seg(existing.id)}/deploy`), { code, ...settings });
      if (labels.length) await ctx.api().put(await ctx.tenantPath(`functions/${seg(existing.id)}/labels`), { labels: labelsOption(labels) });
      if (ctx.json) return ctx.printJson(deployed);
      ctx.out(`Deployed ${name}, version ${deployed.versionNumber}: ${existing.invokeUrl}\n`);
    },
  },
  {
    path: ['functions', 'invoke'],
    summary: 'Run a function’s active version with a request, through the console',
    args: ['NAME'],
    options: {
      data: { type: 'string', value: 'JSON', description: 'A JSON request body (sent as POST unless --method says otherwise).' },
      method: { type: 'string', value: 'METHOD', description: 'The HTTP method (default: GET, or POST with --data).' },
      path: { type: 'string', value: 'PATH', description: 'The request path the handler sees (default /).' },
    },
    details:
      'The response body is printed on stdout; status, duration and cold/warm start on stderr. Exits with 1 when the\n' +
      'invocation failed (an error, a timeout, out of memory…). The invocation is recorded and billed like any other.',
    async run(ctx) {
      const data = stringOption(ctx.values, 'data');
      if (data !== undefined) {
        try {
          JSON.parse(data);
        } catch {
          throw new UsageError('--data must be JSON (e.g. \'{"name":"Ada"}\')', ctx.command);
        }
      }
      const fn = await findFunction(ctx, ctx.arg(0));
      const request = {
        method: stringOption(ctx.values, 'method') ?? (data !== undefined ? 'POST' : 'GET'),
        path: stringOption(ctx.values, 'path') ?? '/',
        headers: data !== undefined ? { 'content-type': 'application/json' } : {},
        body: data ?? '',
      };
      const result = await ctx.api().post<Invocation>(await ctx.tenantPath(`functions/${seg(fn.id)}/test`), request);
      if (ctx.json) ctx.printJson(result);
      else {
        const body = result.response.body;
        ctx.out(body.endsWith('\n') || body === '' ? body : `${body}\n`);
        ctx.note(`HTTP ${result.response.status} · ${result.outcome} · ${Math.round(result.durationMs)} ms · ${result.start === 'warm' ? 'warm' : 'cold'} start`);
      }
      return result.outcome === 'ok' ? 0 : 1;
    },
  },
  {
    path: ['functions', 'logs'],
    summary: 'A function’s console output',
    args: ['NAME'],
    options: LOGS,
    details: 'With --json each line is printed as the API’s event: {at, stream, text, invocationId}.',
    async run(ctx) {
      const fn = await findFunction(ctx, ctx.arg(0));
      return printLogs(ctx, await ctx.tenantPath(`functions/${seg(fn.id)}/logs`));
    },
  },
  {
    path: ['functions', 'delete'],
    summary: 'Delete a function (its URL answers 404 from the next request)',
    args: ['NAME'],
    options: YES,
    async run(ctx) {
      const fn = await findFunction(ctx, ctx.arg(0));
      await ctx.confirmDestroy(`the function ${fn.name} and all its versions`);
      await ctx.api().delete(await ctx.tenantPath(`functions/${seg(fn.id)}`));
      if (ctx.json) return ctx.printJson({ deleted: true, id: fn.id, name: fn.name });
      ctx.out(`Deleted ${fn.name}.\n`);
    },
  },
];
