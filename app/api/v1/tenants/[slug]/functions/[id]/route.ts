// GET: one function with its active code, settings (secrets masked) and versions. PATCH: change settings (memory,
// timeout or env make a new version; access and scaling do not; turning token access on returns the token once).
// DELETE: delete it (its URL answers 404 from the next request).
import { json, readJson, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { getFunction } from '@/lib/functions/queries';
import { updateFunctionSettings } from '@/lib/functions/update-settings';
import { deleteFunction } from '@/lib/functions/delete-function';
import { functionsOrigin } from '@/lib/functions/origin';

type P = { slug: string; id: string };

export const GET = route<P>(async (_req, { params }) => {
  const { slug, id } = await params;
  return json(await getFunction(await tenantContext(slug), id, await functionsOrigin()));
});

export const PATCH = route<P>(async (req, { params }) => {
  const { slug, id } = await params;
  return json(await updateFunctionSettings(await tenantContext(slug), id, await readJson(req)));
});

export const DELETE = route<P>(async (_req, { params }) => {
  const { slug, id } = await params;
  await deleteFunction(await tenantContext(slug), id);
  return new Response(null, { status: 204 });
});
