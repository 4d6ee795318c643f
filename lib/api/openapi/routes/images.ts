// OpenAPI entries: the organisation's container images in the console's registry, and the registry's token endpoint.
import { z } from 'zod';
import type { RouteDocs } from '../types';

const ZLayer = z.object({ digest: z.string(), size: z.number().int(), sharedWith: z.array(z.string()) });
const ZTag = z.object({
  repository: z.string(),
  name: z.string(),
  tag: z.string(),
  ref: z.string(),
  digest: z.string(),
  size: z.number().int(),
  created: z.string().nullable(),
  architecture: z.string().nullable(),
  layers: z.array(ZLayer),
  sharedBytes: z.number().int(),
  usedBy: z.array(z.object({ id: z.string(), name: z.string() })),
});

export const imageRoutes: RouteDocs = {
  'GET registry/token': {
    tag: 'Images',
    summary: 'A registry token (Docker’s token protocol)',
    description:
      'What `docker login <registry>` and the docker client call: HTTP Basic credentials are the user’s email and an API token of an organisation; each `scope=repository:<slug>/<name>:pull,push` is granted for that organisation’s own repositories only — `pull` for a viewer token, `pull` and `push` for member and above — and nothing else (another organisation’s repositories are left out of the token, so the registry refuses them). No credentials: a token that grants nothing (the registry denies anonymous pulls); wrong credentials: 401; a suspended organisation: 409 `tenant_suspended`. The answer is an RS256 JWT valid for 5 minutes.',
    access: 'public',
    query: z.object({ service: z.string().optional(), scope: z.string().optional(), account: z.string().optional() }),
    queryFrom: 'handler',
    response: {
      status: 200,
      description: 'The token.',
      schema: z.object({ token: z.string(), access_token: z.string(), expires_in: z.number().int(), issued_at: z.string() }),
    },
    errors: ['unauthenticated', 'tenant_suspended'],
  },
  'GET tenants/[slug]/images': {
    tag: 'Images',
    summary: 'The organisation’s images',
    description:
      'Repositories under `<registry>/<slug>/`, each tag with its digest, size (manifest, config and layers), creation time, layers — each with the other images of the organisation that share it — and the live instances using it. `totals`: distinct images, their bytes each counted on its own (`logicalBytes`), the bytes stored with shared layers once (`storedBytes`, what counts against the quota and is billed per GiB-month) and the difference; `storageCost`: what `storedBytes` cost a month at the billing list price (null when it has no `registry` price); `quotaBytes`: the registry quota. Listing also records the measurement for billing. Viewers and above.',
    access: 'tenant',
    response: {
      status: 200,
      description: 'The images.',
      schema: z.object({
        registry: z.string(),
        repositories: z.array(z.object({ name: z.string(), repository: z.string(), tags: z.array(ZTag) })),
        totals: z.object({ images: z.number().int(), logicalBytes: z.number().int(), storedBytes: z.number().int(), savedBytes: z.number().int() }),
        storageCost: z
          .object({ monthlyMinor: z.number().int(), currency: z.string(), minorUnits: z.number().int(), pricePerGibMonth: z.string().meta({ description: 'Decimal, per GiB-month.' }) })
          .nullable(),
        quotaBytes: z.number().int().nullable(),
      }),
    },
    errors: ['registry_unavailable'],
  },
  'GET tenants/[slug]/images/[name]/tags/[tag]': {
    tag: 'Images',
    summary: 'One tag of a repository, with its layers',
    description: '`name` is the repository’s name under the organisation (`<registry>/<slug>/<name>`). Viewers and above.',
    access: 'tenant',
    response: { status: 200, description: 'The tag.', schema: ZTag },
    errors: ['registry_unavailable'],
  },
  'DELETE tenants/[slug]/images/[name]/tags/[tag]': {
    tag: 'Images',
    summary: 'Delete a tag’s image',
    description:
      'The registry deletes by digest: the image this tag points at goes, with every other tag of the same image (`deleted` names them). Refused with 409 `image_in_use` (and `usedBy`) while a live instance of the organisation uses any of those tags. Its blobs are freed by the next garbage collection. Members and above.',
    access: 'tenant',
    response: { status: 200, description: 'Deleted.', schema: z.object({ deleted: z.array(z.string()), digest: z.string() }) },
    errors: ['image_in_use', 'registry_unavailable'],
  },
};
