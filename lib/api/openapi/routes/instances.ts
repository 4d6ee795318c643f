// OpenAPI entries: instances (containers and VMs) of an organisation, their snapshots, logs, stats and terminal.
import { z } from 'zod';
import { ZCreateContainer, ZCreateKind, ZCreateVm, ZDeploy } from '@/lib/instances/spec';
import { ZRollback } from '@/lib/instances/versions';
import { ZInstanceAction } from '@/lib/instances/operate';
import { ZCreateSnapshot } from '@/lib/instances/snapshots';
import { ZListQuery } from '@/lib/instances/queries';
import { ZBulkInstanceAction } from '@/lib/instances/bulk';
import { ZBulkResult } from '@/lib/bulk/run';
import { ZAccepted, ZInstanceDetail, ZInstanceView } from '../responses';
import type { RouteDocs } from '../types';
import { ZLabelsBody } from '@/lib/labels/labels';
import { pageSchema, ZPageQuery } from '@/lib/api/pagination';
import { ZWatchQuery } from '@/lib/live/watch';

/** The create body: a container, or a VM when `kind` is `vm` (the handler picks the schema by `kind`). */
const ZCreateInstance = z.union([ZCreateContainer, ZCreateVm.extend({ kind: z.literal('vm') })]);

const ZDeployed = z.object({ version: z.number().int(), image: z.string() });
const ZVersion = z
  .object({
    number: z.number().int(),
    image: z.string(),
    cause: z.enum(['create', 'deploy', 'rollback']),
    rolledBackTo: z.number().int().nullable(),
    current: z.boolean(),
    createdAt: z.iso.datetime(),
    createdBy: z.string().nullable(),
    settings: z.object({}).loose(),
  })
  .loose();

/** Logs are read by hand in the handlers (tail clamped to 0–5000). */
export const ZLogQuery = z.object({
  follow: z.enum(['1']).optional().meta({ description: '`1`: keep the stream open and send new lines as they come.' }),
  tail: z.number().int().min(0).max(5000).default(200).meta({ description: 'How many past lines first (clamped to 0–5000).' }),
});

export const instanceRoutes: RouteDocs = {
  'GET tenants/[slug]/instances': {
    tag: 'Instances',
    summary: 'List instances',
    description: 'Newest first; filtered by kind, status, image, name (`q`) and labels (`label=key` or `label=key=value`, repeatable, all must match); by cursor (or a page number, as the console’s own list does). Any member.',
    access: 'tenant',
    query: ZListQuery,
    response: {
      status: 200,
      description: 'A page of instances, and how many match.',
      schema: pageSchema('instances', ZInstanceView, { total: z.number().int(), page: z.number().int().optional(), pageSize: z.number().int().optional() }),
    },
  },
  'POST tenants/[slug]/instances': {
    tag: 'Instances',
    summary: 'Create a container, or a VM with `kind: "vm"`',
    description: 'Recorded at once (202); the reconciler makes it real — poll the instance for its status. Members and above.',
    access: 'tenant',
    idempotent: true,
    body: ZCreateInstance,
    response: { status: 202, description: 'Recorded: the new instance’s id and name.', schema: z.object({ id: z.string(), name: z.string() }).loose() },
    errors: ['quota_exceeded', 'budget_exceeded', 'tenant_suspended', 'conflict'],
  },
  'GET tenants/[slug]/instances/[id]': {
    tag: 'Instances',
    summary: 'One instance with its activity (or watch it: a long-poll)',
    description:
      'With `watch=1&since=<updatedAt>` the answer waits until the instance is newer than `since` (a change made in another console process is seen within a few seconds), or until `timeout` seconds passed (then it is the current state, unchanged). A deleted instance answers 404. Viewers may watch.',
    access: 'tenant',
    query: ZWatchQuery,
    response: { status: 200, description: 'The instance with its spec (secret env values masked) and events.', schema: ZInstanceDetail },
  },
  'DELETE tenants/[slug]/instances/[id]': {
    tag: 'Instances',
    summary: 'Ask for deletion',
    description: 'The reconciler removes the engine object. Members and above.',
    access: 'tenant',
    response: { status: 202, description: 'Recorded.', schema: ZAccepted },
    errors: ['invalid_state'],
  },
  'PUT tenants/[slug]/instances/[id]/labels': {
    tag: 'Instances',
    summary: 'Replace the labels',
    description: 'The instance’s labels become exactly those sent (`{}` removes them all). Audited. Members and above.',
    access: 'tenant',
    body: ZLabelsBody,
    response: { status: 200, description: 'The labels now.', schema: z.object({ labels: z.record(z.string(), z.string()) }) },
  },
  'POST tenants/[slug]/instances/[id]/actions': {
    tag: 'Instances',
    summary: 'Start, stop, restart or delete',
    description: 'Records the new desired state; the reconciler acts on it. Members and above.',
    access: 'tenant',
    body: ZInstanceAction,
    response: { status: 202, description: 'Recorded.', schema: ZAccepted },
    errors: ['invalid_state', 'quota_exceeded', 'budget_exceeded'],
  },
  'POST tenants/[slug]/instances/[id]/deploy': {
    tag: 'Instances',
    summary: 'Deploy a new version of a container',
    description:
      'Another image (any of the catalogue’s, or one in the organisation’s namespace: `<registry>/<slug>/<repo>:<tag>`, or `<slug>/<repo>:<tag>` in the local engine) and optionally new run settings (those left out stay as they are; `null` or empty returns to the image’s own). Recorded as the next version; the reconciler replaces the container (same name and ports). An unknown image or tag is refused before anything changes (`image_not_found`), another organisation’s with `image_not_allowed`. Members and above.',
    access: 'tenant',
    idempotent: true,
    body: ZDeploy,
    response: { status: 202, description: 'Recorded: the new version’s number and image.', schema: ZDeployed },
    errors: ['image_not_found', 'image_not_allowed', 'invalid_state'],
  },
  'POST tenants/[slug]/instances/[id]/rollback': {
    tag: 'Instances',
    summary: 'Roll a container back to an earlier version',
    description: 'Deploys again what `version` ran (the version before the current one when absent; send `{}`), recorded as a new version. Members and above.',
    access: 'tenant',
    idempotent: true,
    body: ZRollback,
    response: { status: 202, description: 'Recorded: the new version’s number and image.', schema: ZDeployed },
    errors: ['image_not_found', 'invalid_state'],
  },
  'GET tenants/[slug]/instances/[id]/versions': {
    tag: 'Instances',
    summary: 'A container’s versions, the current one first',
    description: 'What each version ran (image and run settings; secret values masked), why (create, deploy, rollback), when and by whom. Any member.',
    access: 'tenant',
    query: ZPageQuery,
    response: { status: 200, description: 'The versions, newest first.', schema: pageSchema('versions', ZVersion) },
  },
  'POST tenants/[slug]/instances/actions': {
    tag: 'Instances',
    summary: 'Start, stop, restart or delete several instances',
    description:
      'Each id goes through the same checks as the single action and gets its own result: `ok`, or the refusal’s `code` and `message` (`not_found` for an id that is not an instance of this organisation — nothing is done to it; `invalid_state` when the action makes no sense in its state). Stop and delete stay allowed while the organisation is suspended. Members and above.',
    access: 'tenant',
    body: ZBulkInstanceAction,
    response: {
      status: 200,
      description: 'The action and one result per id, in the order sent.',
      schema: z.object({ action: z.string(), results: z.array(ZBulkResult) }),
    },
    errors: ['tenant_suspended'],
  },
  'GET tenants/[slug]/instances/[id]/logs': {
    tag: 'Instances',
    summary: 'Logs as a server-sent event stream',
    description: 'Each event: `{at, stream, text}`.',
    access: 'tenant',
    query: ZLogQuery,
    queryFrom: 'handler',
    response: { status: 200, description: 'An event stream.', type: 'event-stream' },
  },
  'GET tenants/[slug]/instances/[id]/stats': {
    tag: 'Instances',
    summary: 'CPU and memory as a server-sent event stream',
    description: 'Each event: `{at, cpuPercent, memoryBytes, memoryLimitBytes}`; `end` when the instance does not run.',
    access: 'tenant',
    response: { status: 200, description: 'An event stream.', type: 'event-stream' },
  },
  'GET tenants/[slug]/instances/[id]/terminal': {
    tag: 'Instances',
    summary: 'Web terminal (WebSocket)',
    description:
      'Open this address as a WebSocket for a shell in the instance. A plain GET answers what the upgrade would: 426 `upgrade_required` when the terminal may be opened, otherwise the problem that refuses it.',
    access: 'tenant',
    response: { status: 426, description: 'The terminal may be opened: upgrade to a WebSocket. A problem with code `upgrade_required`.' },
    errors: ['invalid_state'],
  },
  'GET tenants/[slug]/instances/[id]/snapshots': {
    tag: 'Instances',
    summary: 'A VM’s snapshots, newest first',
    access: 'tenant',
    query: ZPageQuery,
    response: {
      status: 200,
      description: 'The snapshots, and whether the VM can be restored now.',
      schema: pageSchema('snapshots', z.object({ id: z.string(), name: z.string(), status: z.string(), createdAt: z.iso.datetime() }).loose(), { canRestore: z.boolean() }),
    },
  },
  'POST tenants/[slug]/instances/[id]/snapshots': {
    tag: 'Instances',
    summary: 'Ask for a snapshot of a VM',
    access: 'tenant',
    idempotent: true,
    body: ZCreateSnapshot,
    response: { status: 202, description: 'Recorded: the snapshot’s id.', schema: z.object({ id: z.string() }) },
    errors: ['invalid_state', 'conflict'],
  },
  'DELETE tenants/[slug]/instances/[id]/snapshots/[snapshotId]': {
    tag: 'Instances',
    summary: 'Ask for a snapshot to be deleted',
    access: 'tenant',
    response: { status: 202, description: 'Recorded.', schema: ZAccepted },
    errors: ['invalid_state'],
  },
  'POST tenants/[slug]/instances/[id]/snapshots/[snapshotId]/restore': {
    tag: 'Instances',
    summary: 'Put the VM’s disk back to a snapshot (the VM must be stopped)',
    access: 'tenant',
    response: { status: 202, description: 'Recorded.', schema: ZAccepted },
    errors: ['invalid_state'],
  },
  'GET tenants/[slug]/catalog': {
    tag: 'Instances',
    summary: 'Flavors and images for a kind of instance',
    access: 'tenant',
    query: ZCreateKind,
    response: { status: 200, description: 'The flavors and images an instance of that kind can be created with.' },
  },
};
