// GET: the OpenAPI 3.1 document of /api/v1 (lib/api/openapi), generated from the handlers' zod schemas. Public.
import { route } from '@/lib/http';
import { openApiDocument } from '@/lib/api/openapi/document';

export const GET = route(async () =>
  Response.json(openApiDocument(), { headers: { 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' } }),
);
