// OpenAPI entries: the signed-in user (/me …).
import { z } from 'zod';
import { ZAddSshKey } from '@/lib/ssh-keys/service';
import { ZCreateApiToken } from '@/lib/auth/api-tokens';
import { ZApiToken, ZMe } from '../responses';
import type { RouteDocs } from '../types';
import { ZAcceptInviteBody, ZSignUpBody } from '@/lib/tenants/schemas';
import { pageSchema, ZPageQuery } from '@/lib/api/pagination';

const ZSshKeyView = z.object({ id: z.string(), name: z.string(), publicKey: z.string(), fingerprint: z.string(), type: z.string(), createdAt: z.iso.datetime() });

export const accountRoutes: RouteDocs = {
  'POST signup': {
    tag: 'Account',
    summary: 'Create an account and its organisation',
    description: 'As the sign-up page does; 403 `signup_disabled` when an admin switched sign-up off. Starts no session: sign in, or use an API token, afterwards.',
    access: 'public',
    body: ZSignUpBody,
    response: { status: 201, description: '`{userId, tenantSlug}`: the new user’s id and the organisation’s slug.' },
    errors: ['signup_disabled', 'conflict'],
  },
  'POST invitations/[token]/accept': {
    tag: 'Account',
    summary: 'Accept an invitation by its link’s token',
    description:
      'The token is the credential. For an email without an account, `name` and `password` create it; an existing account must be signed in as itself (401 otherwise). Unknown, used or expired tokens: 404.',
    access: 'public',
    body: ZAcceptInviteBody,
    response: { status: 200, description: '`{tenantSlug, email, createdAccount}`: the organisation joined.' },
    errors: ['unauthenticated', 'not_found'],
  },
  'GET me': {
    tag: 'Account',
    summary: 'The signed-in user and their organisations',
    description: 'With an API token: also `token` (its name, organisation and the role it acts with now), and only the organisations it reaches.',
    access: 'user',
    response: { status: 200, description: 'The user and their organisations with their role in each.', schema: ZMe },
  },
  'GET me/invitations': {
    tag: 'Account',
    summary: 'Pending invitations to organisations, newest first',
    access: 'session',
    query: ZPageQuery,
    response: { status: 200, description: 'A page of invitations.', schema: pageSchema('invitations', z.object({ id: z.string(), tenantSlug: z.string(), role: z.string() }).loose()) },
  },
  'POST me/invitations/[id]/accept': {
    tag: 'Account',
    summary: 'Accept an invitation',
    access: 'session',
    response: { status: 200, description: 'Joined; the organisation’s slug.', schema: z.object({ tenantSlug: z.string() }) },
  },
  'DELETE me/invitations/[id]': {
    tag: 'Account',
    summary: 'Decline an invitation',
    access: 'session',
    response: { status: 204, description: 'Declined.', type: 'none' },
  },
  'GET me/sessions': {
    tag: 'Account',
    summary: 'Live sessions (this one marked `current`), newest first',
    access: 'session',
    query: ZPageQuery,
    response: { status: 200, description: 'A page of sessions.', schema: pageSchema('sessions', z.object({ id: z.string(), current: z.boolean() }).loose()) },
  },
  'DELETE me/sessions': {
    tag: 'Account',
    summary: 'Sign out everywhere, this session included',
    access: 'session',
    response: { status: 200, description: 'How many sessions ended.', schema: z.object({ revoked: z.number().int() }) },
  },
  'DELETE me/sessions/[id]': {
    tag: 'Account',
    summary: 'End one session',
    access: 'session',
    response: { status: 204, description: 'Ended.', type: 'none' },
  },
  'GET me/ssh-keys': {
    tag: 'Account',
    summary: 'Saved SSH public keys, oldest first',
    access: 'user',
    query: ZPageQuery,
    response: { status: 200, description: 'A page of keys.', schema: pageSchema('sshKeys', ZSshKeyView) },
  },
  'POST me/ssh-keys': {
    tag: 'Account',
    summary: 'Add an SSH public key',
    access: 'session',
    idempotent: true,
    body: ZAddSshKey,
    response: { status: 201, description: 'Added.', schema: ZSshKeyView },
    errors: ['invalid_ssh_key', 'duplicate_ssh_key'],
  },
  'DELETE me/ssh-keys/[id]': {
    tag: 'Account',
    summary: 'Delete an SSH key (VMs already made keep their copy)',
    access: 'session',
    response: { status: 204, description: 'Deleted.', type: 'none' },
  },
  'GET me/tokens': {
    tag: 'Account',
    summary: 'Your API tokens (never their secrets)',
    access: 'session',
    response: { status: 200, description: 'The tokens, newest first, revoked and expired ones marked by `status`.', schema: z.object({ tokens: z.array(ZApiToken) }) },
  },
  'POST me/tokens': {
    tag: 'Account',
    summary: 'Make an API token',
    description:
      'For one organisation (`tenant`: its slug) with a `role` no higher than yours there, or (platform admins) `platformAdmin: true`. Optional expiry: `expiresInDays` or `expiresAt`. The answer’s `secret` is shown this once: only its hash is kept.',
    access: 'session',
    body: ZCreateApiToken,
    response: { status: 201, description: 'The token and its secret.', schema: z.object({ token: ZApiToken, secret: z.string() }) },
    errors: ['forbidden'],
  },
  'DELETE me/tokens/[id]': {
    tag: 'Account',
    summary: 'Revoke one of your API tokens (at once)',
    access: 'session',
    response: { status: 200, description: 'The token, revoked.', schema: ZApiToken },
  },
};
