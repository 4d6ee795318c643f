// PUT { labels: { key: value } }: the function's labels become exactly these (an empty object removes them all).
import { json, readJson, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { setFunctionLabels } from '@/lib/labels/service';

type P = { slug: string; id: string };

export const PUT = route<P>(async (req, { params }) => {
  const { slug, id } = await params;
  return json(await setFunctionLabels(await tenantContext(slug), id, await readJson(req)));
});
