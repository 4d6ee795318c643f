// OpenAPI entries: health and this document.
import { z } from 'zod';
import { ZPasswordResetRedeem } from '@/lib/auth/password-reset';
import type { RouteDocs } from '../types';

export const systemRoutes: RouteDocs = {
  'GET password-resets/[token]': {
    tag: 'System',
    summary: 'Whom a password reset link is for',
    description: 'The token is the credential. An unknown, used or expired link is 404.',
    access: 'public',
    response: { status: 200, description: 'The user the link resets (email, name) and when it expires.' },
  },
  'POST password-resets/[token]': {
    tag: 'System',
    summary: 'Set a new password with a reset link',
    description: 'Spends the link and ends every session of the user.',
    access: 'public',
    body: ZPasswordResetRedeem,
    response: { status: 200, description: 'Done.' },
  },
  'GET health': {
    tag: 'System',
    summary: 'Liveness and database reachability',
    access: 'public',
    response: { status: 200, description: 'The console answers and its database is reachable.', schema: z.object({ status: z.literal('ok') }) },
  },
  'GET openapi.json': {
    tag: 'System',
    summary: 'This OpenAPI 3.1 document',
    description: 'Generated from the zod schemas the handlers validate with. Public and cacheable.',
    access: 'public',
    response: { status: 200, description: 'The OpenAPI document.' },
  },
};
