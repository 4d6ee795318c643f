// Every /api/v1 operation the OpenAPI document describes, by `METHOD pattern` (the route's directory under
// app/api/v1). A new route handler needs an entry in the file of its area (test/integration/openapi.test.ts fails
// otherwise and prints the entry to add); a new area gets a file in ./routes and a line here.
import type { RouteDocs } from './types';
import { accountRoutes } from './routes/account';
import { adminRoutes } from './routes/admin';
import { billingRoutes } from './routes/billing';
import { buildRoutes } from './routes/builds';
import { functionRoutes } from './routes/functions';
import { imageRoutes } from './routes/images';
import { instanceRoutes } from './routes/instances';
import { organisationRoutes } from './routes/organisation';
import { performanceRoutes } from './routes/performance';
import { systemRoutes } from './routes/system';
import { volumeRoutes } from './routes/volumes';

const AREAS: RouteDocs[] = [systemRoutes, accountRoutes, instanceRoutes, volumeRoutes, functionRoutes, imageRoutes, buildRoutes, organisationRoutes, billingRoutes, performanceRoutes, adminRoutes];

/** The registry, with a key declared in two areas refused at load (the later one would silently win). */
export const API_ROUTES: RouteDocs = (() => {
  const all: RouteDocs = {};
  for (const area of AREAS) {
    for (const [key, doc] of Object.entries(area)) {
      if (all[key]) throw new Error(`OpenAPI registry: ${key} is declared twice`);
      all[key] = doc;
    }
  }
  return all;
})();
