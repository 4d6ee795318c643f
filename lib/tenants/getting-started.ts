// A new organisation's first steps, for its dashboard: make an instance, make a function, add an SSH key, invite
// someone — each ticked off once done (anything ever made counts, so deleting a test instance does not untick it),
// each offered only to people allowed to do it. Scoped by the tenant and user of the session, as every query.
import 'server-only';
import { db } from '@/lib/db/client';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { can } from '@/lib/auth/policy';

export type FirstStep = { key: 'instance' | 'function' | 'ssh-key' | 'invite'; title: string; description: string; href: string; action: string; done: boolean };

export async function gettingStarted(ctx: TenantContext): Promise<FirstStep[]> {
  authorize(ctx, 'resource.read');
  const tenantId = ctx.tenant.id;
  // Whether there is any (a row or two), never how many: counting a large organisation's 10,000 instances on each
  // view of its dashboard cost a scan of them all.
  const [instances, functions, keys, members, invitations] = (
    await Promise.all([
      db().instance.findMany({ where: { tenantId }, select: { id: true }, take: 1 }),
      db().serverlessFunction.findMany({ where: { tenantId }, select: { id: true }, take: 1 }),
      db().sshKey.findMany({ where: { userId: ctx.user.id }, select: { id: true }, take: 1 }),
      db().membership.findMany({ where: { tenantId }, select: { id: true }, take: 2 }),
      db().invitation.findMany({ where: { tenantId }, select: { id: true }, take: 1 }),
    ])
  ).map((rows) => rows.length);
  const slug = ctx.tenant.slug;
  const creates = can(ctx.principal, 'resource.create', ctx.tenant);
  const steps: FirstStep[] = [];
  if (creates) {
    steps.push(
      {
        key: 'instance',
        title: 'Create an instance',
        description: 'A container or a virtual machine, with its price shown before you create it.',
        href: `/t/${slug}/instances/new`,
        action: 'Create instance',
        done: instances > 0,
      },
      {
        key: 'function',
        title: 'Create a function',
        description: 'Code that runs on each request to its URL; it starts from a working example.',
        href: `/t/${slug}/functions/new`,
        action: 'Create function',
        done: functions > 0,
      },
    );
  }
  steps.push({
    key: 'ssh-key',
    title: 'Add an SSH key',
    description: 'To log in to Debian virtual machines; it is yours, in every organisation.',
    href: '/account/ssh-keys',
    action: 'Add SSH key',
    done: keys > 0,
  });
  if (can(ctx.principal, 'members.manage', ctx.tenant)) {
    steps.push({
      key: 'invite',
      title: 'Invite someone',
      description: 'Work together: owners, admins, members and viewers.',
      href: `/t/${slug}/settings/members`,
      action: 'Invite someone',
      done: members > 1 || invitations > 0,
    });
  }
  return steps;
}
