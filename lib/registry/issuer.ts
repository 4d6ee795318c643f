// GET /api/v1/registry/token's work: Docker's token protocol with HTTP Basic credentials — the user's email and one
// of their API tokens (lib/auth/api-tokens.ts). The token's tenant and role decide the access (lib/registry/scope.ts).
// Wrong credentials are 401 (so `docker login` fails); no credentials get a token that grants nothing, so the
// registry itself denies anonymous pulls and pushes.
import 'server-only';
import { db } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { resolveApiToken } from '@/lib/auth/api-tokens';
import { REGISTRY_SERVICE } from './settings';
import { grantedAccess, parseScope, type RegistryAccess, type RegistryPrincipal } from './scope';
import { mintRegistryToken } from './token';
import { mayPush } from './quota';

function basicCredentials(header: string | null): { user: string; secret: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!m) return null;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const i = text.indexOf(':');
  if (i < 0) return null;
  return { user: text.slice(0, i), secret: text.slice(i + 1) };
}

function refused(): AppError {
  return new AppError('unauthenticated', 'Sign in to the registry with your email and an API token of the organisation (docker login).');
}

export async function issueRegistryToken(authorization: string | null, query: URLSearchParams, clientAddress: string | null) {
  const service = query.get('service');
  if (service !== null && service !== REGISTRY_SERVICE) throw new AppError('validation_failed', `This issuer serves "${REGISTRY_SERVICE}" only.`);
  const requested = query.getAll('scope').flatMap((s) => s.split(' ')).map(parseScope).filter((s): s is RegistryAccess => s !== null);
  const creds = basicCredentials(authorization);
  if (!creds) return answer(mintRegistryToken('anonymous', []));
  let credential;
  try {
    credential = await resolveApiToken(creds.secret, clientAddress);
  } catch {
    throw refused();
  }
  if (credential.user.email.toLowerCase() !== creds.user.trim().toLowerCase()) throw refused();
  let principal: RegistryPrincipal = null;
  if (credential.tenant) {
    const t = await db().tenant.findUnique({ where: { id: credential.tenant.id }, select: { slug: true, status: true, deletingAt: true } });
    if (t && !t.deletingAt) principal = { tenantSlug: t.slug, role: credential.tenant.role, suspended: t.status !== 'active' };
  }
  if (principal?.suspended) throw new AppError('tenant_suspended', 'This organisation is suspended: its registry is closed until it is reactivated.');
  let access = grantedAccess(principal, requested);
  // Over the registry storage quota: pull only (the registry then refuses the push).
  if (credential.tenant && access.some((a) => a.actions.includes('push')) && !(await mayPush(credential.tenant.id))) {
    access = access.map((a) => ({ ...a, actions: a.actions.filter((x) => x !== 'push') })).filter((a) => a.actions.length);
  }
  return answer(mintRegistryToken(credential.user.email, access));
}

function answer(minted: ReturnType<typeof mintRegistryToken>) {
  return { token: minted.token, access_token: minted.token, expires_in: minted.expiresIn, issued_at: minted.issuedAt };
}
