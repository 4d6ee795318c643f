// GET: one version with its code and settings (secret values masked).
import { json, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { getFunctionVersion } from '@/lib/functions/queries';

export const GET = route<{ slug: string; id: string; versionId: string }>(async (_req, { params }) => {
  const { slug, id, versionId } = await params;
  return json(await getFunctionVersion(await tenantContext(slug), id, versionId));
});
