// GET ?q=: the organisation's instances and functions whose name contains q (at most 8 of each; the command palette).
import { json, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { searchResources } from '@/lib/search/search';

export const GET = route<{ slug: string }>(async (req, { params }) => {
  const { slug } = await params;
  return json(await searchResources(await tenantContext(slug), Object.fromEntries(new URL(req.url).searchParams)));
});
