// OpenAPI entries: serverless functions of an organisation, their versions, deploys, test runs, logs and stats.
import { ZCreateFunction, ZDeploy, ZRollback, ZSettings, ZTestRequest } from '@/lib/functions/schemas';
import { ZLabelsBody } from '@/lib/labels/labels';
import { ZBulkFunctionAction } from '@/lib/functions/bulk';
import { ZBulkResult } from '@/lib/bulk/run';
import { ZStatsQuery } from '@/lib/functions/observe';
import { z } from 'zod';
import { ZLogQuery } from './instances';
import type { RouteDocs } from '../types';
import { pageSchema, ZPageQuery } from '@/lib/api/pagination';
import { ZFunctionListQuery } from '@/lib/functions/queries';

export const functionRoutes: RouteDocs = {
  'GET tenants/[slug]/functions': {
    tag: 'Functions',
    summary: 'List functions',
    description: 'Newest first, with status, active version, invoke URL and invocations today; filtered by name (`q`), status and labels (`label=key` or `label=key=value`, repeatable, all must match).',
    access: 'tenant',
    query: ZFunctionListQuery,
    response: {
      status: 200,
      description: 'A page of functions.',
      schema: pageSchema('functions', z.object({ id: z.string(), name: z.string(), status: z.enum(['ready', 'not_deployed']), invokeUrl: z.string(), labels: z.record(z.string(), z.string()), createdAt: z.iso.datetime() }).loose()),
    },
  },
  'POST tenants/[slug]/functions': {
    tag: 'Functions',
    summary: 'Create a function with its first version',
    description: 'A private (`access: "token"`) function’s invoke token is in the answer, this once.',
    access: 'tenant',
    idempotent: true,
    body: ZCreateFunction,
    response: {
      status: 201,
      description: 'Created, with its invoke URL (and a private function’s token, this once).',
      schema: z.object({ id: z.string(), name: z.string(), versionId: z.string(), versionNumber: z.number().int(), token: z.string().nullable(), invokeUrl: z.string() }).loose(),
    },
    errors: ['invalid_code', 'code_too_large', 'quota_exceeded', 'conflict'],
  },
  'GET tenants/[slug]/functions/[id]': {
    tag: 'Functions',
    summary: 'One function with its active code, settings and versions',
    description: 'Secret env values are masked.',
    access: 'tenant',
    response: { status: 200, description: 'The function.' },
  },
  'PATCH tenants/[slug]/functions/[id]': {
    tag: 'Functions',
    summary: 'Change settings',
    description: 'Memory, timeout or env make a new version; access and scaling do not. Turning token access on returns the token once.',
    access: 'tenant',
    body: ZSettings,
    response: { status: 200, description: 'The new settings.' },
  },
  'PUT tenants/[slug]/functions/[id]/labels': {
    tag: 'Functions',
    summary: 'Replace the labels',
    description: 'The function’s labels become exactly those sent (`{}` removes them all). Audited. Members and above.',
    access: 'tenant',
    body: ZLabelsBody,
    response: { status: 200, description: 'The labels now.', schema: z.object({ labels: z.record(z.string(), z.string()) }) },
  },
  'DELETE tenants/[slug]/functions/[id]': {
    tag: 'Functions',
    summary: 'Delete a function',
    description: 'Its URL answers 404 from the next request.',
    access: 'tenant',
    response: { status: 204, description: 'Deleted.', type: 'none' },
  },
  'POST tenants/[slug]/functions/actions': {
    tag: 'Functions',
    summary: 'Delete several functions',
    description:
      'Each id goes through the same checks as a single delete and gets its own result: `ok`, or the refusal’s `code` and `message` (`not_found` for an id that is not a function of this organisation — nothing is done to it). Up to 100 distinct ids. Allowed while the organisation is suspended. Members and above.',
    access: 'tenant',
    body: ZBulkFunctionAction,
    response: {
      status: 200,
      description: 'The action and one result per id, in the order sent.',
      schema: z.object({ action: z.string(), results: z.array(ZBulkResult) }),
    },
  },
  'POST tenants/[slug]/functions/[id]/deploy': {
    tag: 'Functions',
    summary: 'Deploy a new version',
    description: 'Code that does not parse as an ES module or has no default export → 422 `invalid_code` with `line` and `column`; nothing is written.',
    access: 'tenant',
    idempotent: true,
    body: ZDeploy,
    response: { status: 201, description: 'The new version.', schema: z.object({ versionId: z.string(), versionNumber: z.number().int() }).loose() },
    errors: ['invalid_code', 'code_too_large'],
  },
  'POST tenants/[slug]/functions/[id]/rollback': {
    tag: 'Functions',
    summary: 'Make an earlier version active',
    access: 'tenant',
    body: ZRollback,
    response: { status: 200, description: 'The version now active.' },
    errors: ['invalid_state'],
  },
  'POST tenants/[slug]/functions/[id]/test': {
    tag: 'Functions',
    summary: 'Run the active version with a sample request',
    description: 'As the gateway would; the invocation is recorded and metered. Answers the response, outcome, duration, cold or warm, and its logs.',
    access: 'tenant',
    body: ZTestRequest,
    response: { status: 200, description: 'The invocation result.' },
  },
  'POST tenants/[slug]/functions/[id]/token': {
    tag: 'Functions',
    summary: 'Rotate a private function’s invoke token',
    description: 'The old token stops working; the new one is shown this once.',
    access: 'tenant',
    response: { status: 201, description: 'The new token.', schema: z.object({ token: z.string() }) },
    errors: ['invalid_state'],
  },
  'GET tenants/[slug]/functions/[id]/versions': {
    tag: 'Functions',
    summary: 'Versions, newest first',
    access: 'tenant',
    query: ZPageQuery,
    response: {
      status: 200,
      description: 'A page of versions, and which one is active.',
      schema: pageSchema('versions', z.object({ id: z.string(), number: z.number().int() }).loose(), { activeVersionId: z.string().nullable() }),
    },
  },
  'GET tenants/[slug]/functions/[id]/versions/[versionId]': {
    tag: 'Functions',
    summary: 'One version with its code and settings',
    access: 'tenant',
    response: { status: 200, description: 'The version (secret values masked).' },
  },
  'GET tenants/[slug]/functions/[id]/logs': {
    tag: 'Functions',
    summary: 'Console output as a server-sent event stream',
    description: 'Each event: `{at, stream, text, invocationId}`.',
    access: 'tenant',
    query: ZLogQuery,
    queryFrom: 'handler',
    response: { status: 200, description: 'An event stream.', type: 'event-stream' },
  },
  'GET tenants/[slug]/functions/[id]/stats': {
    tag: 'Functions',
    summary: 'Invocations, errors, latency and cold starts',
    description: 'Totals, p50/p95, a cold-start histogram and a per-minute series over the last `minutes`.',
    access: 'tenant',
    query: ZStatsQuery,
    response: { status: 200, description: 'The statistics.' },
  },
};
