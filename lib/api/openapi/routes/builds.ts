// OpenAPI entries: image builds of an organisation (Dockerfile, BuildKit), their live log and cancel.
import { z } from 'zod';
import { ZGitBuild } from '@/lib/builds/schemas';
import type { RouteDocs } from '../types';

const ZBuild = z
  .object({
    id: z.string(),
    number: z.number().int(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
    source: z.enum(['upload', 'git']),
    gitUrl: z.string().nullable(),
    gitRef: z.string().nullable(),
    uploadName: z.string().nullable(),
    dockerfile: z.string(),
    buildArgs: z.record(z.string(), z.string()),
    image: z.string(),
    imageRef: z.string().nullable(),
    imageDigest: z.string().nullable(),
    error: z.string().nullable(),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
    durationMs: z.number().int().nullable(),
  })
  .loose();

export const buildRoutes: RouteDocs = {
  'GET tenants/[slug]/builds': {
    tag: 'Builds',
    summary: 'List builds',
    description: 'Newest first (at most `limit`, default 50, up to 200), optionally only one `status`.',
    access: 'tenant',
    query: z.object({ status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']).optional(), limit: z.coerce.number().int().min(1).max(200).optional() }),
    queryFrom: 'handler',
    response: { status: 200, description: 'The builds.', schema: z.object({ builds: z.array(ZBuild) }) },
  },
  'POST tenants/[slug]/builds': {
    tag: 'Builds',
    summary: 'Start a build',
    description:
      'From a git repository (this JSON body: `gitUrl` http(s):// or git:// to a public address, `gitRef`, `dockerfile`, `buildArgs`, `image` as `repo` or `repo:tag`), or from an uploaded context: `multipart/form-data` with a `context` file and the same fields (`buildArgs` as NAME=value lines), or the bare archive (`application/x-tar`, `application/gzip`, `application/zip`) with `image`, `dockerfile` and repeatable `buildArg=NAME=value` in the query string. The Dockerfile may start FROM the built-in images overcast/node:20, overcast/static-web:1, overcast/shell:1, scratch, earlier stages or the organisation’s own images. The build is queued at once and runs in the background: RUN steps have no network, the time limit is the platform’s setting; the result is pushed to `<registry>/<slug>/<image>`. Members and above.',
    access: 'tenant',
    body: ZGitBuild,
    altBody: { contentType: 'multipart/form-data', description: 'An uploaded context (`context` file: tar, tar.gz or zip) and the fields `image`, `dockerfile`, `buildArgs`.' },
    response: { status: 201, description: 'Queued.', schema: ZBuild },
    errors: ['invalid_build_context', 'invalid_git_source', 'code_too_large', 'unsupported_media_type'],
  },
  'GET tenants/[slug]/builds/[id]': {
    tag: 'Builds',
    summary: 'One build',
    description: 'Status, source, image reference and digest, duration, error.',
    access: 'tenant',
    response: { status: 200, description: 'The build.', schema: ZBuild },
  },
  'GET tenants/[slug]/builds/[id]/log': {
    tag: 'Builds',
    summary: 'The build log (text, or a live event stream)',
    description:
      'Without `follow`: the log so far as text/plain. With `follow=1` (or `Accept: text/event-stream`): server-sent events `{offset, text}` (log text from `offset`) and `{status, error, imageDigest}` until the build ends, then `end`. Reconnect with `offset` to resume without repeats.',
    access: 'tenant',
    query: z.object({ offset: z.coerce.number().int().min(0).optional(), follow: z.enum(['1']).optional() }),
    queryFrom: 'handler',
    response: { status: 200, description: 'The log.', type: 'event-stream' },
  },
  'POST tenants/[slug]/builds/[id]/cancel': {
    tag: 'Builds',
    summary: 'Cancel a build',
    description: 'A queued build is cancelled at once; a running one is stopped by the engine within seconds. 409 `invalid_state` once it has ended. Members and above.',
    access: 'tenant',
    response: { status: 200, description: 'The build (status `cancelled`, or still `running` with `cancelRequested` until the engine has stopped).', schema: ZBuild },
    errors: ['invalid_state'],
  },
};
