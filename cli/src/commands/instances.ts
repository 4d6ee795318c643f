// ovc instances …: list, get, create (with --wait), start, stop, reboot, delete and logs of containers and VMs.
import fs from 'node:fs';
import { ApiError, seg } from '../api.ts';
import { UsageError, intOption, labelOption, labelsOption, listOption, pairs, stringOption, type CommandSpec, type OptionSpec } from '../args.ts';
import { fields, mib, table, vcpus } from '../format.ts';
import type { Command, Ctx } from '../context.ts';

type Instance = {
  id: string;
  name: string;
  kind: string;
  status: string;
  desiredState: string;
  statusReason: string | null;
  generation: number;
  observedGeneration: number;
  flavor: { id: string; name: string; cpuMillis: number; memoryMib: number; diskGib: number };
  image: { id: string; name: string };
  endpoints: { port: number; url: string }[];
  ssh: { command: string } | null;
  actions: string[];
  createdAt: string;
};
type InstanceDetail = Instance & { events: { type: string; message: string | null; toStatus: string | null; at: string }[] };
type InstanceList = { total: number; page: number; pageSize: number; instances: Instance[] };
export type Catalog = {
  kind: string;
  provider: string;
  flavors: { id: string; name: string; description: string; cpuMillis: number; memoryMib: number; diskGib: number }[];
  images: { id: string; name: string; description: string; defaultPorts: number[] }[];
};

/** How long --wait waits for an instance to get where it was asked to (a VM's first boot is the slowest). */
export const WAIT_DEADLINE_MS = 10 * 60_000;
const POLL_MS = 1000;

const WAIT: Record<string, OptionSpec> = {
  wait: { type: 'boolean', description: 'Wait until the console has done it (progress on stderr).' },
};

const LOGS: Record<string, OptionSpec> = {
  follow: { type: 'boolean', short: 'f', description: 'Keep printing new lines as they come (Ctrl-C stops).' },
  tail: { type: 'string', value: 'N', description: 'How many past lines first (default 200, at most 5000).' },
};

/**
 * The instance `ref` names: an id, or a name in the organisation (ids are tried first). Names are looked up in the
 * list filtered by name (`q`, where the console filters; elsewhere the filter is ignored and every page is read).
 */
async function findInstance(ctx: Ctx, ref: string): Promise<InstanceDetail> {
  try {
    return await ctx.api().get<InstanceDetail>(await ctx.tenantPath(`instances/${seg(ref)}`));
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) throw err;
    for (let page = 1; ; page++) {
      const q = new URLSearchParams({ q: ref, pageSize: '100', page: String(page) });
      const list = await ctx.api().get<InstanceList>(await ctx.tenantPath(`instances?${q}`));
      const hit = list.instances.find((i) => i.name === ref);
      if (hit) return ctx.api().get<InstanceDetail>(await ctx.tenantPath(`instances/${seg(hit.id)}`));
      if (page * list.pageSize >= list.total) throw err;
    }
  }
}

/** Polls the instance until the console has acted on the latest request and it is `target` (or gone, for delete). */
async function waitFor(ctx: Ctx, id: string, target: 'running' | 'stopped' | 'deleted'): Promise<InstanceDetail | null> {
  const deadline = Date.now() + WAIT_DEADLINE_MS;
  let last = '';
  for (;;) {
    let inst: InstanceDetail;
    try {
      inst = await ctx.api().get<InstanceDetail>(await ctx.tenantPath(`instances/${seg(id)}`));
    } catch (err) {
      if (target === 'deleted' && err instanceof ApiError && err.status === 404) {
        ctx.note('deleted');
        return null;
      }
      throw err;
    }
    const shown = `${inst.status}${inst.statusReason ? ` — ${inst.statusReason}` : ''}`;
    if (shown !== last) ctx.note(shown);
    last = shown;
    const caughtUp = inst.observedGeneration >= inst.generation;
    if (caughtUp && inst.status === target) return inst;
    if (caughtUp && inst.status === 'error') throw new ApiError(0, 'instance_error', `${inst.name} failed: ${inst.statusReason ?? 'error'}`);
    if (Date.now() > deadline) throw new ApiError(0, 'timeout', `${inst.name} is still ${inst.status} after ${WAIT_DEADLINE_MS / 60_000} minutes.`);
    await ctx.sleep(POLL_MS);
  }
}

function printInstance(ctx: Ctx, i: InstanceDetail): void {
  ctx.out(
    fields([
      ['Name', i.name],
      ['Id', i.id],
      ['Kind', i.kind],
      ['Status', `${i.status}${i.statusReason ? ` (${i.statusReason})` : ''}`],
      ['Desired', i.desiredState],
      ['Image', i.image.name],
      ['Flavor', `${i.flavor.name} (${vcpus(i.flavor.cpuMillis)} vCPU, ${mib(i.flavor.memoryMib)}${i.flavor.diskGib ? `, ${i.flavor.diskGib} GiB disk` : ''})`],
      ['Endpoints', i.endpoints.map((e) => `${e.port} → ${e.url}`).join(', ') || null],
      ...(i.ssh ? ([['SSH', i.ssh.command]] as [string, string][]) : []),
      ['Actions', i.actions.join(', ') || null],
      ['Created', i.createdAt],
    ]),
  );
}

/** --yes: the option of commands that destroy something. */
export const YES: Record<string, OptionSpec> = {
  yes: { type: 'boolean', short: 'y', description: 'Do not ask for confirmation at the terminal (scripts are never asked).' },
};

const instanceArg = (summary: string, action: string, target: 'running' | 'stopped' | 'deleted', name: string): Command => ({
  path: ['instances', name],
  summary,
  args: ['INSTANCE'],
  options: action === 'delete' ? { ...WAIT, ...YES } : WAIT,
  details: 'INSTANCE is an instance’s id or name.',
  async run(ctx) {
    const inst = await findInstance(ctx, ctx.arg(0));
    if (action === 'delete') await ctx.confirmDestroy(`${inst.kind === 'vm' ? 'the VM' : 'the container'} ${inst.name} and its data`);
    const path = await ctx.tenantPath(`instances/${seg(inst.id)}/actions`);
    const answer = await ctx.api().post(path, { action });
    if (ctx.values.wait) {
      const done = await waitFor(ctx, inst.id, target);
      if (ctx.json) return ctx.printJson(done ?? answer);
      return ctx.out(`${inst.name}: ${target}.\n`);
    }
    if (ctx.json) return ctx.printJson(answer);
    ctx.out(`${inst.name}: ${action} requested.\n`);
  },
});

/** A resource from the catalog by id or name, or a usage error listing the choices. */
export function pick<T extends { id: string; name: string }>(items: T[], ref: string, what: string, kind: string, command: CommandSpec): T {
  const hit = items.find((x) => x.id === ref || x.name === ref);
  if (!hit) throw new UsageError(`no ${what} "${ref}" for ${kind}s; choose one of: ${items.map((x) => x.name).join(', ') || 'none'}`, command);
  return hit;
}

const create: Command = {
  path: ['instances', 'create'],
  summary: 'Create a container or a VM',
  rest: 'COMMAND…',
  options: {
    name: { type: 'string', value: 'NAME', description: 'Its name: lowercase letters, digits and hyphens.' },
    kind: { type: 'string', value: 'KIND', description: 'container (default) or vm.' },
    image: { type: 'string', value: 'IMAGE', description: 'An image’s name or id (`ovc catalog` lists them), or a reference to one of the organisation’s images (containers: what `ovc build` printed).' },
    flavor: { type: 'string', value: 'FLAVOR', description: 'A flavor’s name or id (default: the first `ovc catalog` lists, the smallest).' },
    port: { type: 'string', value: 'PORT', multiple: true, description: 'A port to publish (default: the image’s).' },
    env: { type: 'string', value: 'NAME=VALUE', multiple: true, description: 'An environment variable (containers).' },
    secret: { type: 'string', value: 'NAME=VALUE', multiple: true, description: 'A secret environment variable (containers).' },
    hostname: { type: 'string', value: 'NAME', description: 'The guest’s hostname (VMs; default: the name).' },
    'user-data': { type: 'string', value: 'FILE', description: 'A script the VM runs at first boot.' },
    'ssh-key': { type: 'string', value: 'FILE', multiple: true, description: 'An OpenSSH public key file for the VM.' },
    stopped: { type: 'boolean', description: 'Create it without starting it.' },
    label: labelOption('A label, KEY=VALUE (or KEY).'),
    ...WAIT,
  },
  details:
    'Words after -- are the container’s command. Examples:\n' +
    '  ovc instances create --name web --image static-web --flavor c1.nano --wait\n' +
    '  ovc instances create --name app --image "$(ovc build . --image app:v1)" --port 8080 --wait\n' +
    '  ovc instances create --name api --image node --port 8080 --env MODE=prod -- node /srv/hello.js\n' +
    'With --wait and --json the instance as it is once running is printed.',
  async run(ctx) {
    const v = ctx.values;
    const kind = stringOption(v, 'kind') ?? 'container';
    if (kind !== 'container' && kind !== 'vm') throw new UsageError('--kind is container or vm', ctx.command);
    const name = stringOption(v, 'name');
    if (!name) throw new UsageError('missing --name NAME', ctx.command);
    const catalog = await ctx.api().get<Catalog>(await ctx.tenantPath(`catalog?kind=${kind}`));
    const imageRef = stringOption(v, 'image');
    if (!imageRef) throw new UsageError(`missing --image IMAGE (for ${kind}s: ${catalog.images.map((i) => i.name).join(', ')})`, ctx.command);
    // A reference ([registry/]org/name[:tag]) to one of the organisation's images: the console checks it.
    const byRef = kind === 'container' && /[/:]/.test(imageRef) && !catalog.images.some((i) => i.id === imageRef || i.name === imageRef);
    const image = byRef ? null : pick(catalog.images, imageRef, 'image', kind, ctx.command);
    const flavorRef = stringOption(v, 'flavor');
    const flavor = flavorRef ? pick(catalog.flavors, flavorRef, 'flavor', kind, ctx.command) : catalog.flavors[0];
    if (!flavor) throw new UsageError(`no flavor is offered for ${kind}s`, ctx.command);
    const portsGiven = listOption(v, 'port');
    const ports = portsGiven.length
      ? portsGiven.map((p) => {
          if (!/^\d+$/.test(p)) throw new UsageError(`--port takes a number (got "${p}")`, ctx.command);
          return Number(p);
        })
      : (image?.defaultPorts ?? []);
    const body: Record<string, unknown> = { kind, name, ...(image ? { imageId: image.id } : { image: imageRef }), flavorId: flavor.id, ports, start: !v.stopped };
    const labels = listOption(v, 'label');
    if (labels.length) body.labels = labelsOption(labels);
    if (kind === 'container') {
      const env = [...pairs(listOption(v, 'env'), 'env', ctx.command).map((e) => ({ ...e, secret: false })), ...pairs(listOption(v, 'secret'), 'secret', ctx.command).map((e) => ({ ...e, secret: true }))];
      if (env.length) body.env = env;
      if (ctx.parsed.rest.length) body.command = ctx.parsed.rest;
      for (const o of ['hostname', 'user-data', 'ssh-key']) if (v[o] !== undefined) throw new UsageError(`--${o} is for VMs (--kind vm)`, ctx.command);
    } else {
      for (const o of ['env', 'secret']) if (v[o] !== undefined) throw new UsageError(`--${o} is for containers`, ctx.command);
      if (ctx.parsed.rest.length) throw new UsageError('a command after -- is for containers', ctx.command);
      const hostname = stringOption(v, 'hostname');
      if (hostname !== undefined) body.hostname = hostname;
      const userData = stringOption(v, 'user-data');
      if (userData !== undefined) body.userData = readFileFor(userData, 'user-data', ctx.command);
      const keys = listOption(v, 'ssh-key').map((f) => readFileFor(f, 'ssh-key', ctx.command).trim());
      if (keys.length) body.sshPublicKeys = keys;
    }
    const created = await ctx.api().post<{ id: string; name: string }>(await ctx.tenantPath('instances'), body);
    if (v.wait) {
      ctx.note(`${created.name} (${created.id}) created; waiting until it is ${v.stopped ? 'stopped' : 'running'}…`);
      const inst = (await waitFor(ctx, created.id, v.stopped ? 'stopped' : 'running'))!;
      if (ctx.json) return ctx.printJson(inst);
      return printInstance(ctx, inst);
    }
    if (ctx.json) return ctx.printJson(created);
    ctx.out(`Created ${created.name} (${created.id}); \`ovc instances get ${created.name}\` shows its status.\n`);
  },
};

export function readFileFor(file: string, option: string, command: CommandSpec): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--${option}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, command);
  }
}

/** Prints a log stream's lines (--json: one JSON event per line) until it ends. */
export async function printLogs(ctx: Ctx, path: string): Promise<number | void> {
  const tail = intOption(ctx.values, 'tail', ctx.command, { min: 0 });
  const query = new URLSearchParams({ tail: String(tail ?? 200), ...(ctx.values.follow ? { follow: '1' } : {}) });
  for await (const ev of ctx.api().events(`${path}?${query}`)) {
    if (ev.event === 'end') break;
    if (ev.event === 'error') throw new ApiError(0, 'log_stream_failed', `The log stream failed: ${(ev.data as { message?: string }).message ?? 'unknown error'}`);
    if (ctx.json) {
      ctx.out(`${JSON.stringify(ev.data)}\n`);
      continue;
    }
    const line = ev.data as { text?: string };
    ctx.out(`${String(line.text ?? '').replace(/\n$/, '')}\n`);
  }
}

export const instanceCommands: Command[] = [
  {
    path: ['catalog'],
    summary: 'The images and flavors instances can be created with',
    options: { kind: { type: 'string', value: 'KIND', description: 'container (default) or vm.' } },
    async run(ctx) {
      const kind = stringOption(ctx.values, 'kind') ?? 'container';
      if (kind !== 'container' && kind !== 'vm') throw new UsageError('--kind is container or vm', ctx.command);
      const catalog = await ctx.api().get<Catalog>(await ctx.tenantPath(`catalog?kind=${kind}`));
      if (ctx.json) return ctx.printJson(catalog);
      ctx.out(`Images (${kind}s)\n`);
      ctx.out(table(catalog.images, [
        { header: 'name', value: (i) => i.name },
        { header: 'ports', value: (i) => i.defaultPorts.join(' ') },
        { header: 'description', value: (i) => i.description },
      ]));
      ctx.out(`\nFlavors (${kind}s)\n`);
      ctx.out(table(catalog.flavors, [
        { header: 'name', value: (f) => f.name },
        { header: 'vcpus', value: (f) => vcpus(f.cpuMillis), align: 'right' },
        { header: 'memory', value: (f) => mib(f.memoryMib), align: 'right' },
        { header: 'disk', value: (f) => (f.diskGib ? `${f.diskGib} GiB` : null), align: 'right' },
        { header: 'description', value: (f) => f.description },
      ]));
    },
  },
  {
    path: ['instances', 'list'],
    summary: 'The organisation’s containers and VMs',
    options: {
      kind: { type: 'string', value: 'KIND', description: 'Only containers or only vms.' },
      status: { type: 'string', value: 'STATUS', description: 'Only those in this status (running, stopped, error…).' },
      page: { type: 'string', value: 'N', description: 'The page (100 a page, newest first).' },
      label: labelOption('Only those with this label: KEY or KEY=VALUE (all must match).'),
    },
    async run(ctx) {
      const page = intOption(ctx.values, 'page', ctx.command, { min: 1 }) ?? 1;
      const q = new URLSearchParams({ page: String(page), pageSize: '100' });
      for (const k of ['kind', 'status']) {
        const s = stringOption(ctx.values, k);
        if (s !== undefined) q.set(k, s);
      }
      for (const l of listOption(ctx.values, 'label')) q.append('label', l);
      const list = await ctx.api().get<InstanceList>(await ctx.tenantPath(`instances?${q}`));
      if (ctx.json) return ctx.printJson(list);
      if (!list.instances.length) return ctx.out(page > 1 ? `No instances on page ${page}.\n` : 'No instances.\n');
      ctx.out(
        table(list.instances, [
          { header: 'name', value: (i) => i.name },
          { header: 'kind', value: (i) => i.kind },
          { header: 'status', value: (i) => i.status },
          { header: 'flavor', value: (i) => i.flavor.name },
          { header: 'image', value: (i) => i.image.name },
          { header: 'endpoints', value: (i) => i.endpoints.map((e) => e.url).join(' ') },
          { header: 'id', value: (i) => i.id },
        ]),
      );
      if (list.total > page * list.pageSize) ctx.note(`${list.total} instances in all: --page ${page + 1} shows more.`);
    },
  },
  {
    path: ['instances', 'get'],
    summary: 'One instance: status, endpoints, actions',
    args: ['INSTANCE'],
    details: 'INSTANCE is an instance’s id or name.',
    async run(ctx) {
      const inst = await findInstance(ctx, ctx.arg(0));
      if (ctx.json) return ctx.printJson(inst);
      printInstance(ctx, inst);
    },
  },
  create,
  instanceArg('Start a stopped instance', 'start', 'running', 'start'),
  instanceArg('Stop a running instance', 'stop', 'stopped', 'stop'),
  instanceArg('Restart an instance', 'restart', 'running', 'reboot'),
  instanceArg('Delete an instance (its disk and data go with it)', 'delete', 'deleted', 'delete'),
  {
    path: ['instances', 'deploy'],
    summary: 'Run another image (a new build, another tag) in a container; its volumes stay',
    args: ['INSTANCE'],
    options: {
      image: { type: 'string', value: 'IMAGE', description: 'The image reference to run (what `ovc build` printed).' },
      ...WAIT,
    },
    details:
      'INSTANCE is a container’s id or name. The console records a new version and recreates the container from the\n' +
      'image; the instance page (or the API’s …/rollback) goes back to an earlier one. Example:\n' +
      '  ovc instances deploy app --image "$(ovc build . --image app:v2)" --wait',
    async run(ctx) {
      const image = stringOption(ctx.values, 'image');
      if (!image) throw new UsageError('missing --image IMAGE', ctx.command);
      const inst = await findInstance(ctx, ctx.arg(0));
      const answer = await ctx.api().post<{ version: number; image: string }>(await ctx.tenantPath(`instances/${seg(inst.id)}/deploy`), { image });
      if (ctx.values.wait) {
        ctx.note(`${inst.name}: version ${answer.version} (${answer.image}); waiting until it is running…`);
        const done = (await waitFor(ctx, inst.id, 'running'))!;
        if (ctx.json) return ctx.printJson(done);
        return ctx.out(`${inst.name}: version ${answer.version} running (${answer.image}).\n`);
      }
      if (ctx.json) return ctx.printJson(answer);
      ctx.out(`${inst.name}: version ${answer.version} (${answer.image}) deploying.\n`);
    },
  },
  {
    path: ['instances', 'logs'],
    summary: 'An instance’s logs',
    args: ['INSTANCE'],
    options: LOGS,
    details: 'INSTANCE is an instance’s id or name. With --json each line is printed as the API’s event: {at, stream, text}.',
    async run(ctx) {
      const inst = await findInstance(ctx, ctx.arg(0));
      return printLogs(ctx, await ctx.tenantPath(`instances/${seg(inst.id)}/logs`));
    },
  },
];

export { LOGS };
