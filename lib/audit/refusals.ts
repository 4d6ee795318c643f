// Writes the audit log cannot record in the transaction of the change, because there was no change: a write the
// authorization layer refused (outcome `refused`) or one that failed on the console's side (outcome `failed`).
// Called by the route and form-action wrappers (lib/http.ts, lib/actions.ts) with the error that ended the request.
//
// What counts as a refusal, and why only that: the wrong role (403 forbidden), a suspended organisation, a
// cross-site write (CSRF), an organisation the actor is not a member of, the admin area for a non-admin (those two are
// answered 404, like an unknown id, but the log tells them apart). A 404 for an unknown id, bad input, a quota or a
// conflict are not decisions about the actor's rights and are not recorded; neither are reads, nor requests from
// nobody (no session): anyone could fill the log with those.
import 'server-only';
import { db } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { currentUser } from '@/lib/auth/session';
import { recordAudit } from './record';
import { requestAudit } from './context';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const REFUSALS = new Set(['forbidden', 'tenant_suspended', 'cross_site_request', 'token_not_allowed']);

export type EndedRequest = {
  method: string;
  /** The route as written (`/api/v1/tenants/{slug}/instances/{id}`) or, for a form, `form <page path>`. */
  action: string;
  path: string;
  error: unknown;
  /** The id logged with an unexpected error, so that the entry and the server log can be matched. */
  errorId?: string;
};

/** `/api/v1/tenants/acme/instances/x1` with params {slug: 'acme', id: 'x1'} → `/api/v1/tenants/{slug}/instances/{id}`. */
export function routeTemplate(path: string, params: Record<string, string | string[] | undefined> | undefined): string {
  if (!params) return path;
  const names = new Map<string, string>();
  for (const [k, v] of Object.entries(params)) if (typeof v === 'string' && v) names.set(v, k);
  return path
    .split('/')
    .map((seg) => {
      let decoded = seg;
      try {
        decoded = decodeURIComponent(seg);
      } catch {}
      const name = names.get(decoded);
      return name ? `{${name}}` : seg;
    })
    .join('/');
}

/** Records a refused or failed write (see the module comment for which); never throws. */
export async function auditEndedRequest(r: EndedRequest): Promise<void> {
  if (!WRITES.has(r.method.toUpperCase())) return;
  const ctx = requestAudit();
  let outcome: 'refused' | 'failed';
  let code: string;
  if (r.error instanceof AppError) {
    code = r.error.code;
    const gate = code === 'not_found' && (ctx?.refusal?.reason === 'not_member' || ctx?.refusal?.reason === 'not_admin');
    if (!REFUSALS.has(code) && !gate) return;
    outcome = 'refused';
  } else {
    code = 'internal';
    outcome = 'failed';
  }
  try {
    const actor = await currentUser().catch(() => null);
    // A refusal without a signed-in actor says nothing about anyone's rights, and anyone could send them.
    if (!actor && outcome === 'refused') return;
    await recordAudit(db(), {
      tenantId: ctx?.refusal?.tenantId ?? ctx?.tenantId ?? null,
      actorId: actor?.id ?? null,
      action: r.action,
      targetType: 'request',
      targetId: r.path.slice(0, 500),
      outcome,
      metadata: {
        method: r.method.toUpperCase(),
        code,
        ...(ctx?.refusal ? { reason: ctx.refusal.reason, ...(ctx.refusal.action ? { policyAction: ctx.refusal.action } : {}) } : {}),
        ...(r.errorId ? { errorId: r.errorId } : {}),
      },
    });
  } catch (err) {
    console.error('[audit] could not record a refused or failed request', err);
  }
}
