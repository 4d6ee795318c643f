// GET ?status&limit: the organisation's builds, newest first. POST: start a build — JSON for a git source, or an
// uploaded context (multipart/form-data, or a bare archive with the fields in the query string). 201 with the
// build (queued); the log follows at …/builds/{id}/log.
import { json, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { listBuilds, startBuild } from '@/lib/builds/service';
import { readBuildRequest } from '@/lib/builds/request';

type P = { slug: string };

export const GET = route<P>(async (req, { params }) => {
  const { slug } = await params;
  const url = new URL(req.url);
  return json(await listBuilds(await tenantContext(slug), { status: url.searchParams.get('status') ?? undefined, limit: Number(url.searchParams.get('limit') ?? 50) || 50 }));
});

export const POST = route<P>(async (req, { params }) => {
  const { slug } = await params;
  const ctx = await tenantContext(slug);
  return json(await startBuild(ctx, await readBuildRequest(req)), 201);
});
