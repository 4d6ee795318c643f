// Tenant slugs: DNS-label-like, derived from the organisation's name, made unique with a short suffix.
import { randomBytes } from 'node:crypto';

export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  return base.length >= 2 ? base : `org-${base}`.replace(/-$/, '');
}

export function withSuffix(slug: string): string {
  return `${slug}-${randomBytes(3).toString('hex')}`;
}

// Words that would collide with console routes if slugs ever appear at the top level.
export const RESERVED_SLUGS = new Set(['admin', 'api', 'login', 'signup', 'invite', 'settings', 't', 'new']);
