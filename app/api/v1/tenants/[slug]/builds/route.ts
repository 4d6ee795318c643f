// GET ?status&limit: the organisation's builds, newest first. POST: start a build — JSON for a git source, or an
// uploaded context (multipart/form-data, or a bare archive with the fields in the query string). 201 with the
// build (queued); the log follows at …/builds/{id}/log.
import { json, readJson, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { listBuilds, startBuild } from '@/lib/builds/service';
import { isJsonRequest, readUploadRequest } from '@/lib/builds/request';

type P = { slug: string };

export const GET = route<P>(async (req, { params }) => {
  const { slug } = await params;
  const url = new URL(req.url);
  return json(await listBuilds(await tenantContext(slug), { status: url.searchParams.get('status') ?? undefined, limit: Number(url.searchParams.get('limit') ?? 50) || 50 }));
});

export const POST = route<P>(async (req, { params }) => {
  const { slug } = await params;
  const ctx = await tenantContext(slug);
  const input = isJsonRequest(req) ? { source: 'git' as const, body: await readJson(req) } : await readUploadRequest(req);
  return json(await startBuild(ctx, input), 201);
});
