// POST: a new invoke token for a private function (the old one stops working); the answer shows it this once.
import { json, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { rotateFunctionToken } from '@/lib/functions/rotate-token';

export const POST = route<{ slug: string; id: string }>(async (_req, { params }) => {
  const { slug, id } = await params;
  return json(await rotateFunctionToken(await tenantContext(slug), id), 201);
});
